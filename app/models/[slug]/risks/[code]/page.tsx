import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { harmAreaLabel, mitigationStatusLabel, riskTypeLabel, subjectAtRiskLabel } from "@/lib/domain/vocabulary";
import { loadRisk } from "@/lib/risks/load-risk";
import { AcceptanceTerms, CellSummary } from "@/app/_components/cell-badges";
import { ShapeForm } from "@/app/_components/shape-form";
import { TypedInput, TypedSelect, VersionField } from "@/app/_components/typed-controls";
import { sessionActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { addRiskMitigation } from "@/lib/mitigations/change-mitigations";
import { addRiskMitigationAction, moveRiskMitigationAction } from "../actions";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

type Params = { params: Promise<{ slug: string; code: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { code } = await params;
  return { title: `Risk ${code}` };
}

export default async function RiskPage({ params }: Params) {
  const { slug, code } = await params;
  const [risk, actor] = await Promise.all([loadRisk(getDb(), slug, code), sessionActor()]);
  if (!risk) notFound();
  const base = `/models/${slug}`;
  // Adding and moving share one role and one guard (the risk's version); a retired risk's list stays as it was.
  const mayChangeList = actor != null && mayRun(addRiskMitigation, actor.role) && !risk.retired;
  const riskFields = (
    <>
      <input type="hidden" name="modelSlug" value={slug} />
      <input type="hidden" name="code" value={risk.code} />
      <VersionField version={risk.version} />
    </>
  );

  return (
    <>
      <div className="eyebrow">
        <Link href={`${base}/risks`}>Risks</Link> / {risk.code}
      </div>
      <h1>
        <ShownText text={risk.title} />
      </h1>
      <p className="page-intro">
        <span className="tag">{riskTypeLabel[risk.riskType]}</span> <span className="tag">{harmAreaLabel[risk.harmArea]}</span>
      </p>

      <h2>Across the uses</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Use</th>
              <th scope="col">Judgement</th>
              <th scope="col">Subject at risk</th>
              <th scope="col">Rationale</th>
              <th scope="col">Mitigations in place</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {risk.cells.map(({ use, cell }) => (
              <tr key={use.code}>
                <th scope="row" className="plain">
                  <span className="code-chip">{use.code}</span>{" "}
                  <Link href={`${base}/uses/${use.code}`}>
                    <ShownText text={use.purpose} />
                  </Link>
                  <br />
                  <Link className="small" href={`${base}/matrix?cell=${risk.code}-${use.code}`}>
                    Edit in the matrix
                  </Link>
                </th>
                <td className="small">
                  <CellSummary cell={cell} />
                </td>
                <td className="small">{cell.subjectAtRisk ? subjectAtRiskLabel[cell.subjectAtRisk] : <span className="muted">—</span>}</td>
                <td className="small">
                  {cell.rationale ? <ShownText text={cell.rationale} /> : <span className="muted">none yet</span>}
                  <AcceptanceTerms cell={cell} />
                </td>
                <td className="small">
                  {cell.mitigationsImplemented} of {risk.mitigations.length} implemented
                </td>
                <td className="small">{cell.ownerName ? <ShownText text={cell.ownerName} /> : <span className="muted">nobody</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Mitigations ({risk.mitigations.length})</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Mitigation</th>
              {risk.cells.map(({ use }) => (
                <th scope="col" key={use.code}>
                  {use.code}
                </th>
              ))}
              <th scope="col">Also covers</th>
            </tr>
          </thead>
          <tbody>
            {risk.mitigations.map((mitigation, index) => (
              <tr key={mitigation.id}>
                <th scope="row" className="plain">
                  <Link href={`${base}/mitigations#m-${mitigation.id}`}>
                    <ShownText text={mitigation.text} />
                  </Link>
                  {mayChangeList &&
                    (["up", "down"] as const)
                      .filter((direction) => (direction === "up" ? index > 0 : index < risk.mitigations.length - 1))
                      .map((direction) => (
                        <ShapeForm
                          key={direction}
                          action={moveRiskMitigationAction}
                          label={`Move "${withBidiControlsNamed(mitigation.text)}" ${direction}`}
                          submit={`Move ${direction}`}
                          className="inline-form"
                        >
                          {riskFields}
                          <input type="hidden" name="mitigationId" value={mitigation.id} />
                          <input type="hidden" name="direction" value={direction} />
                        </ShapeForm>
                      ))}
                </th>
                {risk.cells.map(({ use, cell }) => (
                  <td key={use.code} className="small">
                    {mitigationStatusLabel[cell.mitigationStatus[mitigation.id] ?? "NOT_STARTED"]}
                  </td>
                ))}
                <td className="small">
                  {mitigation.alsoCovers.length === 0 && <span className="muted">only this risk</span>}
                  {mitigation.alsoCovers.map((other, index) => (
                    <span key={other}>
                      {index > 0 && ", "}
                      <Link href={`${base}/risks/${other}`}>{other}</Link>
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {risk.retiredMitigations.length > 0 && (
        <p className="muted small">
          Retired from this list, kept with their history in the <Link href={`${base}/mitigations`}>mitigation library</Link>:{" "}
          {risk.retiredMitigations.map((mitigation) => `"${withBidiControlsNamed(mitigation.text)}"`).join(", ")}.
        </p>
      )}
      {mayChangeList && (
        <section className="panel">
          <h2>Add a mitigation to {risk.code}</h2>
          <ShapeForm action={addRiskMitigationAction} label={`Add a new mitigation to ${risk.code}`} submit="Add the new mitigation">
            {riskFields}
            <label className="field">
              New mitigation <TypedInput name="text" required />
            </label>
          </ShapeForm>
          {risk.otherMitigations.length > 0 && (
            <ShapeForm action={addRiskMitigationAction} label={`Add a mitigation from the library to ${risk.code}`} submit="Add from the library">
              {riskFields}
              <label className="field">
                From the library
                <TypedSelect name="mitigationId">
                  {risk.otherMitigations.map((mitigation) => (
                    <option key={mitigation.id} value={mitigation.id}>
                      {mitigation.text}
                    </option>
                  ))}
                </TypedSelect>
              </label>
            </ShapeForm>
          )}
        </section>
      )}
    </>
  );
}

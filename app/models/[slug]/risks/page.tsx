import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { harmAreaLabel, riskTypeLabel } from "@/lib/domain/vocabulary";
import { loadMatrix } from "@/lib/matrix/load-matrix";
import { CellSummary } from "@/app/_components/cell-badges";
import { InheritedRisksTable } from "@/app/_components/inherited-risks";
import { ShapeForm } from "@/app/_components/shape-form";
import { TypedInput, TypedSelect, VersionField } from "@/app/_components/typed-controls";
import { sessionActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { HARM_AREAS, RISK_TYPES } from "@/lib/domain/vocabulary";
import { adoptInheritedRisk, retireInheritedRisk } from "@/lib/inheritance/inherited-risk-changes";
import { addRisk, retireRisk } from "@/lib/risks/change-risks";
import { addRiskAction, adoptInheritedRiskAction, moveRiskAction, retireInheritedRiskAction, retireRiskAction, updateRiskAction } from "./actions";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

function RiskFields({ title, riskType, harmArea }: { title?: string; riskType?: string; harmArea?: string }) {
  return (
    <>
      <label className="field">
        Title <TypedInput name="title" required defaultValue={title} />
      </label>
      <label className="field">
        Risk type
        <TypedSelect name="riskType" defaultValue={riskType}>
          {RISK_TYPES.map((type) => (
            <option key={type} value={type}>
              {riskTypeLabel[type]}
            </option>
          ))}
        </TypedSelect>
      </label>
      <label className="field">
        Harm area
        <TypedSelect name="harmArea" defaultValue={harmArea}>
          {HARM_AREAS.map((area) => (
            <option key={area} value={area}>
              {harmAreaLabel[area]}
            </option>
          ))}
        </TypedSelect>
      </label>
    </>
  );
}

export const metadata: Metadata = { title: "Risks" };

export default async function RisksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const [matrix, actor] = await Promise.all([loadMatrix(getDb(), slug), sessionActor()]);
  if (!matrix) notFound();
  const mayShape = actor != null && mayRun(addRisk, actor.role);
  const mayRetire = actor != null && mayRun(retireRisk, actor.role);
  const mayAdopt = actor != null && mayRun(adoptInheritedRisk, actor.role);
  const mayRetireInherited = actor != null && mayRun(retireInheritedRisk, actor.role);
  return (
    <>
      <div className="eyebrow">
        <ShownText text={matrix.model.name} />
      </div>
      <h1>Risks</h1>
      <p className="page-intro">
        {matrix.risks.length} risks, each with its type, harm area, mitigations and its judgement for every use. A retired risk leaves the matrix and the card;
        its cells and evidence are kept.
      </p>
      {mayShape && (
        <section className="panel">
          <h2>Add a risk</h2>
          <ShapeForm action={addRiskAction} label="Add a risk" submit="Add the risk">
            <input type="hidden" name="modelSlug" value={slug} />
            <RiskFields />
          </ShapeForm>
        </section>
      )}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Risk</th>
              <th scope="col">Type and harm area</th>
              <th scope="col" className="num">
                Mitigations
              </th>
              {matrix.uses.map((use) => (
                <th scope="col" key={use.code} title={withBidiControlsNamed(use.purpose)}>
                  {use.code}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.risks.map((risk) => (
              <tr key={risk.code}>
                <th scope="row" className="plain">
                  <span className="code-chip">{risk.code}</span>{" "}
                  <Link href={`/models/${slug}/risks/${risk.code}`}>
                    <ShownText text={risk.title} />
                  </Link>
                  {mayShape && (
                    <details className="small">
                      <summary>Change {risk.code}</summary>
                      <ShapeForm action={updateRiskAction} label={`Edit ${risk.code}`} submit="Save">
                        <input type="hidden" name="modelSlug" value={slug} />
                        <input type="hidden" name="code" value={risk.code} />
                        <VersionField version={risk.version} />
                        <RiskFields title={risk.title} riskType={risk.riskType} harmArea={risk.harmArea} />
                      </ShapeForm>
                      {(["up", "down"] as const).map((direction) => (
                        <ShapeForm key={direction} action={moveRiskAction} label={`Move ${risk.code} ${direction}`} submit={`Move ${direction}`}>
                          <input type="hidden" name="modelSlug" value={slug} />
                          <input type="hidden" name="code" value={risk.code} />
                          <VersionField version={risk.version} />
                          <input type="hidden" name="direction" value={direction} />
                        </ShapeForm>
                      ))}
                      {mayRetire && (
                        <ShapeForm action={retireRiskAction} label={`Retire ${risk.code}`} submit={`Retire ${risk.code}`}>
                          <input type="hidden" name="modelSlug" value={slug} />
                          <input type="hidden" name="code" value={risk.code} />
                          <VersionField version={risk.version} />
                          <label className="field">
                            Why it is retired <TypedInput name="reason" required />
                          </label>
                        </ShapeForm>
                      )}
                    </details>
                  )}
                </th>
                <td className="small">
                  {riskTypeLabel[risk.riskType]}
                  <br />
                  <span className="muted">{harmAreaLabel[risk.harmArea]}</span>
                </td>
                <td className="num">{risk.mitigations.length}</td>
                {matrix.uses.map((use) => (
                  <td key={use.code} className="small">
                    {risk.cells[use.code] && <CellSummary cell={risk.cells[use.code]} />}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matrix.inherited && (
        <section aria-labelledby="inherited-risks">
          <h2 id="inherited-risks">
            Inherited from <ShownText text={matrix.inherited.base.name} />
          </h2>
          <p>
            <ShownText text={matrix.model.name} /> is a fine-tune of{" "}
            <Link href={`/models/${matrix.inherited.base.slug}/risks`}>
              <ShownText text={matrix.inherited.base.name} />
            </Link>
            . Its risks below have no row here, so they are inherited: each cell shows <ShownText text={matrix.inherited.base.name} />
            &apos;s judgement and evidence, which were not re-tested on this model. Adopt a risk to override it or to re-test it (it becomes this model&apos;s
            own, not assessed, ready for a campaign), or retire it for this model. Nothing here changes <ShownText text={matrix.inherited.base.name} />.
          </p>
          {matrix.inherited.risks.length === 0 ? (
            <p className="muted">None: this model has a row for every risk of its base.</p>
          ) : (
            <InheritedRisksTable
              inherited={matrix.inherited}
              uses={matrix.uses}
              actions={(risk) =>
                (mayAdopt || mayRetireInherited) && (
                  <details className="small">
                    <summary>Adopt or retire {risk.code}</summary>
                    {mayAdopt && (
                      <ShapeForm action={adoptInheritedRiskAction} label={`Adopt ${risk.code}`} submit={`Adopt ${risk.code}`}>
                        <input type="hidden" name="modelSlug" value={slug} />
                        <input type="hidden" name="code" value={risk.code} />
                      </ShapeForm>
                    )}
                    {mayRetireInherited && (
                      <ShapeForm action={retireInheritedRiskAction} label={`Retire inherited ${risk.code}`} submit={`Retire ${risk.code} for this model`}>
                        <input type="hidden" name="modelSlug" value={slug} />
                        <input type="hidden" name="code" value={risk.code} />
                        <label className="field">
                          Why it does not apply to this model <TypedInput name="reason" required />
                        </label>
                      </ShapeForm>
                    )}
                  </details>
                )
              }
            />
          )}
        </section>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { sessionActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { retireMitigation } from "@/lib/mitigations/change-mitigations";
import { editMitigationText } from "@/lib/mitigations/edit-mitigation-text";
import { loadMitigationLibrary } from "@/lib/mitigations/load-mitigation-library";
import { ShapeForm } from "@/app/_components/shape-form";
import { TypedInput, VersionField } from "@/app/_components/typed-controls";
import { retireMitigationAction } from "./actions";
import { MergePair } from "./merge-pair";
import { MitigationTextForm } from "./mitigation-text-form";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

export const metadata: Metadata = { title: "Mitigation library" };

export default async function MitigationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const [library, actor] = await Promise.all([loadMitigationLibrary(getDb(), slug), sessionActor()]);
  if (!library) notFound();
  const mayEdit = actor != null && mayRun(editMitigationText, actor.role);
  const mayRetire = actor != null && mayRun(retireMitigation, actor.role);
  const retiredCount = library.mitigations.filter((m) => m.retiredAt).length;
  const byId = new Map(library.mitigations.map((m) => [m.id, m]));
  const side = (id: string) => {
    const entry = byId.get(id)!;
    return { id, text: entry.text, risks: entry.risks.map((risk) => risk.code) };
  };

  return (
    <>
      <div className="eyebrow">
        <ShownText text={library.model.name} />
      </div>
      <h1>Mitigation library</h1>
      <p className="page-intro">
        {library.mitigations.length - retiredCount} distinct mitigations, each stored once and linked to every risk that lists it: edit a text here and every
        risk and cell shows the new text. Add one to a risk, or reorder a risk&apos;s list, on the risk&apos;s page.
        {retiredCount > 0 &&
          ` ${retiredCount} retired: left out of the card and the cells' editors, kept here with their history and the statuses cells recorded for them.`}
      </p>

      <section className="panel" aria-labelledby="duplicates-heading">
        <h2 id="duplicates-heading">Proposed merges ({library.nearDuplicates.length})</h2>
        {library.nearDuplicates.length === 0 ? (
          <p className="muted">No near-duplicate mitigations found.</p>
        ) : (
          <>
            <p className="muted small">
              These pairs say nearly the same thing. Merging keeps one text, moves the other&apos;s risks and cell statuses onto it and records the merge in the
              audit log.
            </p>
            {library.nearDuplicates.map((pair) => (
              <MergePair key={`${pair.firstId}-${pair.secondId}`} first={side(pair.firstId)} second={side(pair.secondId)} reason={pair.reason} />
            ))}
          </>
        )}
      </section>

      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Mitigation</th>
              <th scope="col">Covers</th>
              <th scope="col" className="num">
                Cells tracking it
              </th>
            </tr>
          </thead>
          <tbody>
            {library.mitigations.map((mitigation) => (
              <tr key={mitigation.id} id={`m-${mitigation.id}`}>
                <td>
                  {mitigation.retiredAt ? (
                    <>
                      <span className="mitigation-text">
                        <ShownText text={mitigation.text} />
                      </span>{" "}
                      <span className="tag">retired {mitigation.retiredAt.slice(0, 10)}</span>
                    </>
                  ) : mayEdit ? (
                    <MitigationTextForm id={mitigation.id} text={mitigation.text} version={mitigation.version} />
                  ) : (
                    <span className="mitigation-text">
                      <ShownText text={mitigation.text} />
                    </span>
                  )}
                  {mayRetire && !mitigation.retiredAt && (
                    <details className="small">
                      <summary>Retire</summary>
                      <ShapeForm action={retireMitigationAction} label={`Retire "${withBidiControlsNamed(mitigation.text)}"`} submit="Retire it">
                        <input type="hidden" name="mitigationId" value={mitigation.id} />
                        <VersionField version={mitigation.version} />
                        <label className="field">
                          Why it is retired <TypedInput name="reason" required />
                        </label>
                      </ShapeForm>
                    </details>
                  )}
                </td>
                <td className="small">
                  {mitigation.risks.map((risk, index) => (
                    <span key={risk.code}>
                      {index > 0 && ", "}
                      <Link href={`/models/${slug}/risks/${risk.code}`} title={withBidiControlsNamed(risk.title)}>
                        {risk.code}
                      </Link>
                    </span>
                  ))}
                </td>
                <td className="num">{mitigation.trackedInCells}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

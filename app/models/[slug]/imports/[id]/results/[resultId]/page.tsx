import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { getDb } from "@/lib/db/client";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import { importedSourceLabel } from "@/lib/evidence/imported-source";
import { loadImportedResult } from "@/lib/imports/load-imports";
import { overrideImportedResult } from "@/lib/imports/override-imported-result";
import { KeptNulNote } from "@/app/_components/kept-nul-note";
import { OverrideForms } from "@/app/_components/override-forms";
import { confirmImportedOverrideAction, overrideImportedResultAction } from "../../../actions";

export const metadata: Metadata = { title: "Imported result" };
export const dynamic = "force-dynamic";

const word = (verdict: string) => verdict.replace("_", " ").toLowerCase();

export default async function ImportedResultPage({ params }: { params: Promise<{ slug: string; id: string; resultId: string }> }) {
  const { slug, id, resultId } = await params;
  const [actor, result] = await Promise.all([currentActor(), loadImportedResult(getDb(), slug, id, resultId)]);
  if (!result) notFound();
  return (
    <>
      <div className="eyebrow">
        <Link href={`/models/${slug}/imports/${id}`}>{importedSourceLabel(result.source)}</Link>
      </div>
      <h1>
        {result.test}
        {result.strategy && <span className="muted"> · {result.strategy}</span>}
      </h1>
      <p className="page-intro">
        {result.location} · case <code>{result.caseKey}</code> · tested model {result.source.testedModel ?? "(not named)"}
        {result.servedModel && <> · answered by {result.servedModel}</>} · its cells:{" "}
        {result.risks.length === 0
          ? "none (no risk mapped)"
          : result.risks.flatMap((risk) =>
              result.uses.map((use, index) => (
                <span key={`${risk}-${use}`}>
                  {index > 0 || risk !== result.risks[0] ? ", " : ""}
                  <Link href={`/models/${slug}/matrix?cell=${cellKeySlug(risk, use)}`}>{cellKeyLabel(risk, use)}</Link>
                </span>
              )),
            )}
      </p>
      <p>
        Verdict that counts:{" "}
        <span className={`evidence evidence-${result.counted}`} data-testid="result-verdict">
          {word(result.counted)}
        </span>
        <span className="small"> — the tool&apos;s rule: {result.reason}</span>
        {result.overrideVerdict && result.overrideConfirmed && (
          <span className="small">
            {" "}
            — overridden from {word(result.toolVerdict)} by {result.overrideBy}, confirmed by {result.overrideConfirmedBy}: {result.overrideReason}
          </span>
        )}
        {result.overrideVerdict && !result.overrideConfirmed && (
          <span className="small" data-testid="override-pending">
            {" "}
            — override pending: {result.overrideBy} proposes {word(result.overrideVerdict)} ({result.overrideReason}); it counts once a second reviewer confirms
            it
          </span>
        )}
      </p>

      <h2>Conversation</h2>
      {result.conversation.map((turn, index) => (
        <div className="panel" key={index}>
          <div className="eyebrow">{turn.role}</div>
          <p style={{ whiteSpace: "pre-wrap" }}>{turn.content}</p>
        </div>
      ))}
      {result.conversation.length === 0 && (
        <>
          <div className="panel">
            <div className="eyebrow">prompt</div>
            <p style={{ whiteSpace: "pre-wrap" }}>{result.prompt}</p>
          </div>
          <div className="panel">
            <div className="eyebrow">output</div>
            <p style={{ whiteSpace: "pre-wrap" }}>{result.output ?? "(none recorded)"}</p>
          </div>
          <KeptNulNote texts={[result.prompt, result.output]} />
        </>
      )}

      <h2>What each scorer said</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Detector, assertion or scorer</th>
              <th scope="col">Value</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {result.scores.map((score, index) => (
              <tr key={index}>
                <td>
                  <code>{score.scorer}</code>
                </td>
                <td>{score.value === null ? "–" : String(score.value)}</td>
                <td>
                  <span className={`evidence evidence-${score.verdict}`}>{word(score.verdict)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        {result.startedAt ?? "–"} → {result.completedAt ?? "–"}
      </p>

      {mayRun(overrideImportedResult, actor.role) && (
        <OverrideForms
          idField="resultId"
          row={result}
          viewerId={actor.id}
          propose={overrideImportedResultAction}
          confirm={confirmImportedOverrideAction}
          ownVerdict="the tool's verdict"
          countedIn="the import's evidence"
        />
      )}
    </>
  );
}

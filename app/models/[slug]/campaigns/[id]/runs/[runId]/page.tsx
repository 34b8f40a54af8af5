import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { loadCaseRun } from "@/lib/campaigns/reads/load-case-run";
import { loadCaseRunNeighbours } from "@/lib/campaigns/reads/case-run-neighbours";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import { getDb } from "@/lib/db/client";
import { holdoutTrustByDetector } from "@/lib/detectors/accuracy";
import { needsReviewWhy } from "@/lib/detectors/needs-review";
import { loadReviewFigures } from "@/lib/detectors/review-figures";
import { DetectorTrustNote } from "@/app/_components/detector-trust";
import { KeptNulNote } from "@/app/_components/kept-nul-note";
import { ShownText } from "@/app/_components/shown-text";
import { OverrideForms } from "@/app/_components/override-forms";
import { confirmOverrideAction, overrideVerdictAction } from "../../../actions";
import { mayRun } from "@/lib/commands/define-command";
import { overrideVerdict } from "@/lib/campaigns/scoring/override";

export const metadata: Metadata = { title: "Case run" };
export const dynamic = "force-dynamic";

export default async function CaseRunPage({ params }: { params: Promise<{ slug: string; id: string; runId: string }> }) {
  const { slug, id, runId } = await params;
  const actor = await currentActor();
  const [run, trust, review, neighbours] = await Promise.all([
    loadCaseRun(getDb(), runId, actor),
    holdoutTrustByDetector(getDb()),
    loadReviewFigures(getDb()),
    loadCaseRunNeighbours(getDb(), id, runId),
  ]);
  if (!run || run.campaignId !== id || run.modelSlug !== slug) notFound();
  const runHref = (other: string) => `/models/${slug}/campaigns/${id}/runs/${other}`;
  const counted = run.counted;
  return (
    <>
      <div className="eyebrow">
        <Link href={`/models/${slug}/campaigns/${id}`}>
          <ShownText text={run.campaignName} />
        </Link>
      </div>
      <nav className="toolbar small" aria-label="Runs of this campaign">
        {neighbours.previousId ? <Link href={runHref(neighbours.previousId)}>← previous run</Link> : <span className="muted">← previous run</span>}
        <span>
          run {neighbours.position} of {neighbours.total}
        </span>
        {neighbours.nextId ? <Link href={runHref(neighbours.nextId)}>next run →</Link> : <span className="muted">next run →</span>}
        <span>
          its cell{run.risks.length === 1 ? "" : "s"}:{" "}
          {run.risks.map((risk, index) => (
            <span key={risk}>
              {index > 0 && ", "}
              <Link href={`/models/${slug}/matrix?cell=${cellKeySlug(risk, run.useCode)}`}>{cellKeyLabel(risk, run.useCode)}</Link>
            </span>
          ))}
        </span>
      </nav>
      <h1>
        {run.caseKey}
        {run.repeat > 0 && <span className="muted"> · repeat {run.repeat}</span>}
      </h1>
      <p className="page-intro">
        Suite <code>{run.suiteKey}</code> · {run.useCode} · probes {run.risks.join(", ")} · {run.language} · expects {run.expected.join(", ")} · source:{" "}
        {run.source} ({run.license})
      </p>
      <p>
        Verdict that counts:{" "}
        <span className={`evidence evidence-${counted ?? "UNTESTED"}`} data-testid="run-verdict">
          {/* Its worker stopped renewing it: nobody is generating it now (run-state.ts). */}
          {run.status === "LEASE_EXPIRED" && !counted ? "lease expired, waiting for a worker" : (counted ?? run.status).replace("_", " ").toLowerCase()}
        </span>
        {run.overrideVerdict && run.overrideConfirmed && (
          <span className="small">
            {" "}
            — overridden from {run.verdict?.toLowerCase()} by <ShownText text={run.overrideBy ?? "–"} />, confirmed by{" "}
            <ShownText text={run.overrideConfirmedBy ?? "–"} />: <ShownText text={run.overrideReason ?? ""} />
          </span>
        )}
        {run.overrideVerdict && !run.overrideConfirmed && (
          <span className="small" data-testid="override-pending">
            {" "}
            — override pending: <ShownText text={run.overrideBy ?? "–"} /> proposes {run.overrideVerdict.toLowerCase()} (
            <ShownText text={run.overrideReason ?? ""} />
            ); it counts once a second reviewer confirms it
          </span>
        )}
      </p>

      <h2>Prompt</h2>
      {run.systemPrompt && (
        <div className="panel">
          <div className="eyebrow">system</div>
          <p style={{ whiteSpace: "pre-wrap" }}>
            <ShownText text={run.systemPrompt} />
          </p>
        </div>
      )}
      {run.turns.map((turn, index) => (
        <div className="panel" key={index}>
          <div className="eyebrow">{turn.role}</div>
          <p style={{ whiteSpace: "pre-wrap" }}>
            <ShownText text={turn.content} />
          </p>
        </div>
      ))}

      <h2>Output</h2>
      <div className="panel">
        <p style={{ whiteSpace: "pre-wrap" }} data-testid="run-output">
          <ShownText text={run.output ?? run.error ?? "not generated yet"} />
        </p>
        <KeptNulNote texts={[run.output, run.error]} />
        {run.errorDetail && (
          <details>
            <summary className="small">What the endpoint said (shown to admins)</summary>
            <p className="small" style={{ whiteSpace: "pre-wrap" }} data-testid="run-error-detail">
              <ShownText text={run.errorDetail} />
            </p>
          </details>
        )}
        <p className="muted small">
          {run.promptTokens ?? "–"} prompt tokens · {run.completionTokens ?? "–"} generated · {run.latencyMs ?? "–"} ms · attempt {run.attempts} · worker{" "}
          {run.worker ?? "–"}
        </p>
      </div>

      <h2>What each detector found</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Detector</th>
              <th scope="col">Verdict</th>
              <th scope="col">Deciding text</th>
              <th scope="col">How far to trust it</th>
            </tr>
          </thead>
          <tbody>
            {run.findings.map((finding) => (
              <tr key={finding.detector}>
                <td>
                  <code>{finding.detector}</code>
                </td>
                <td>
                  <span className={`evidence evidence-${finding.verdict.toUpperCase()}`}>{finding.verdict.replace("_", " ")}</span>
                  {finding.advisory && <span className="small muted"> (advisory, not counted)</span>}
                </td>
                <td className="small">
                  <ShownText text={finding.evidence} />
                </td>
                <td className="small">
                  {finding.detector !== "model-judge@none" && (
                    <DetectorTrustNote trust={trust.get(finding.detector)} review={needsReviewWhy(finding.detector, review)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {run.status === "DONE" && mayRun(overrideVerdict, actor.role) && (
        <OverrideForms
          idField="caseRunId"
          row={run}
          viewerId={actor.id}
          propose={overrideVerdictAction}
          confirm={confirmOverrideAction}
          ownVerdict="the detectors' verdict"
          countedIn="the campaign's evidence"
        />
      )}
    </>
  );
}

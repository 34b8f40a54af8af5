import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadCampaignProgress } from "@/lib/campaigns/reads/campaign-progress";
import { casesPerSuiteText } from "@/lib/campaigns/reads/cases-per-suite-text";
import { loadCampaign, runFilterSchema, type CampaignDetail, type RunFilter } from "@/lib/campaigns/reads/load-campaign";
import { loadCampaignTokenUsage, tokenUsageLine } from "@/lib/campaigns/reads/token-usage";
import { getDb } from "@/lib/db/client";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import type { CellTally } from "@/lib/evidence/cell-tally";
import { holdoutTrustByDetector } from "@/lib/detectors/accuracy";
import { judgeVersion } from "@/lib/detectors/judges/judge-adapters";
import { needsReviewWhy } from "@/lib/detectors/needs-review";
import { loadReviewFigures } from "@/lib/detectors/review-figures";
import { JUDGE_ADAPTER_TITLES } from "@/lib/detectors/judges/judge-adapter-names";
import { CellEvidenceBadge } from "@/app/_components/cell-evidence-badge";
import { DetectorTrustNote } from "@/app/_components/detector-trust";
import { EvidenceRule } from "@/app/_components/evidence-rule";
import { formatTime } from "@/app/_components/format-time";
import { ShownText } from "@/app/_components/shown-text";
import { CampaignControls } from "./campaign-controls";
import { LiveProgress } from "./live-progress";

export const metadata: Metadata = { title: "Campaign" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | undefined>> };

const VERDICT_RULE_TEXT = {
  any: "any: a case fails when any counted detector or judge fails it",
  majority: "majority: a case fails when more than half of the counted detectors and judges that judged it fail it",
  all: "all: a case fails only when every counted detector and judge that judged it fails it",
} as const;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function judgeText(judge: CampaignDetail["judges"][number], servedModels: CampaignDetail["judgeServedModels"]): string {
  const served = judge.kind === "openai" && judge.mode === "counted" ? servedModels[judge.target] : undefined;
  const who = judge.kind === "local" ? "this model's own checkpoint" : `serving target "${judge.target}"${served ? `, serving ${served}` : ""}`;
  const counts = judge.mode === "counted" ? "counted: its verdict counts by the verdict rule" : "advisory: shown beside the detectors, not counted";
  return `${JUDGE_ADAPTER_TITLES[judge.adapter]} · ${who} (revision ${judge.revision}) · ${counts}`;
}

export default async function CampaignPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const filter = runFilterSchema.parse(await searchParams);
  const db = getDb();
  const [campaign, progress, tokens, trust, review] = await Promise.all([
    loadCampaign(db, id, filter),
    loadCampaignProgress(db, id),
    loadCampaignTokenUsage(db, id),
    holdoutTrustByDetector(db),
    loadReviewFigures(db),
  ]);
  if (!campaign || !progress || campaign.modelSlug !== slug) notFound();
  const base = `/models/${slug}/campaigns/${id}`;

  return (
    <>
      <div className="eyebrow">
        <Link href={`/models/${slug}/campaigns`}>Campaigns</Link>
      </div>
      <h1>
        <ShownText text={campaign.name} />
        {campaign.smokeTest && (
          <>
            {" "}
            <span
              className="tag"
              data-testid="campaign-smoke-test"
              title="Run on the generated tiny model: its outputs are noise, its evidence only shows the pipeline works"
            >
              smoke-test model
            </span>
          </>
        )}
      </h1>
      <LiveProgress key={progress.status} initial={progress} />
      <CampaignControls campaignId={id} status={progress.status} errors={progress.errors} />
      {campaign.finishedAt && (
        <p className="small muted">
          {campaign.status === "CANCELLED" ? "Cancelled" : "Finished"}{" "}
          <time data-testid="campaign-completed-at" dateTime={campaign.finishedAt}>
            {formatTime(campaign.finishedAt)}
          </time>
        </p>
      )}

      <details className="panel">
        <summary>What this campaign ran (enough to reproduce it)</summary>
        <dl className="small">
          <dt>Model revision</dt>
          <dd>
            <code>{campaign.modelRevision}</code>
          </dd>
          <dt>Backend</dt>
          <dd>
            <code>{JSON.stringify(campaign.backend)}</code>
          </dd>
          <dt>Tokens</dt>
          <dd>{tokens ? tokenUsageLine(tokens) : "none reported"}</dd>
          <dt>Sampling</dt>
          <dd>
            <code>{JSON.stringify(campaign.sampling)}</code>
          </dd>
          <dt>Model judges</dt>
          {campaign.judges.length === 0 && <dd data-testid="campaign-judge">off: the detectors alone decide</dd>}
          {campaign.judges.map((judge, index) => (
            <dd key={`${judge.kind}:${judge.kind === "openai" ? judge.target : ""}:${judge.adapter}`} data-testid="campaign-judge">
              {campaign.judges.length > 1 && `${index + 1}. `}
              {judgeText(judge, campaign.judgeServedModels)}
            </dd>
          ))}
          <dt>Verdict rule</dt>
          <dd data-testid="campaign-verdict-rule">{VERDICT_RULE_TEXT[campaign.verdictRule]}</dd>
          <dt>Suites, uses, risks, repeats</dt>
          <dd>
            {campaign.suiteKeys.join(", ")} · {campaign.useCodes.join(", ")} · {campaign.riskCodes.length ? campaign.riskCodes.join(", ") : "all risks"} ·{" "}
            {campaign.repeats}×
          </dd>
          <dt>Cases per suite</dt>
          <dd data-testid="campaign-cases-per-suite">{casesPerSuiteText(campaign)}</dd>
          <dt>Settings hash</dt>
          <dd>
            <code>{campaign.settingsHash}</code>
          </dd>
        </dl>
      </details>

      <h2>Per cell</h2>
      <EvidenceRule />
      {campaign.cellsAskedNotTested.length > 0 && (
        <p className="small" data-testid="campaign-cells-not-tested">
          Asked for, and no case of this campaign tests them: {campaign.cellsAskedNotTested.map((cell) => cellKeyLabel(cell.riskCode, cell.useCode)).join(", ")}
          . Their use&apos;s suite has no case of the risk
          {campaign.casesPerSuite === null ? "" : ", or the cases per suite did not reach it"}.
        </p>
      )}
      {campaign.status === "COMPLETED" ? (
        <div className="table-wrap">
          <table className="data" aria-label="Evidence per cell">
            <thead>
              <tr>
                <th scope="col">Cell</th>
                <th scope="col">Evidence (as the matrix shows it)</th>
                <th scope="col">Threshold</th>
                <th scope="col">Cell&apos;s evidence</th>
              </tr>
            </thead>
            <tbody>
              {campaign.cells.map((cell) => (
                <tr key={cell.key}>
                  <td>
                    <Link href={`${base}?cell=${cell.key}`}>{cell.label}</Link>
                  </td>
                  <td>
                    <CellEvidenceBadge evidence={cell} />
                  </td>
                  <td>
                    {percent(cell.threshold)} · n ≥ {cell.minSampleSize}
                  </td>
                  <td data-testid="cell-current">{cell.current}</td>
                </tr>
              ))}
              {campaign.judgedNothing.map((tally) => (
                <tr key={cellKeySlug(tally.riskCode, tally.useCode)}>
                  <td>
                    <Link href={`${base}?cell=${cellKeySlug(tally.riskCode, tally.useCode)}`}>{cellKeyLabel(tally.riskCode, tally.useCode)}</Link>
                  </td>
                  <td>{judgedNothingText(tally)}</td>
                  <td>–</td>
                  <td data-testid="cell-current">none from this campaign</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Counts per cell so far">
            <thead>
              <tr>
                <th scope="col">Cell</th>
                <th scope="col">Passes</th>
                <th scope="col">Failures</th>
                <th scope="col">Errors</th>
                <th scope="col">Overrides</th>
                <th scope="col">Cell&apos;s evidence</th>
              </tr>
            </thead>
            <tbody>
              {campaign.tallies.map((tally) => (
                <tr key={cellKeySlug(tally.riskCode, tally.useCode)}>
                  <td>
                    <Link href={`${base}?cell=${cellKeySlug(tally.riskCode, tally.useCode)}`}>{cellKeyLabel(tally.riskCode, tally.useCode)}</Link>
                  </td>
                  <td>{tally.passes}</td>
                  <td>{tally.failures}</td>
                  <td>{tally.errors}</td>
                  <td>{tally.overrides}</td>
                  <td data-testid="cell-current">
                    {campaign.status === "CANCELLED" ? "none: the campaign was cancelled" : "not yet: written when the campaign completes"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>How far to trust the detectors and judges</h2>
      <ul className="small" aria-label="Detector accuracy">
        {[...trust]
          .filter(([detector]) => campaign.detectors.includes(detector.split("@")[0]))
          .map(([detector, figures]) => (
            <li key={detector} data-detector={detector}>
              <code>{detector}</code>: <DetectorTrustNote trust={figures} review={needsReviewWhy(detector, review)} />
            </li>
          ))}
        {campaign.judges
          .map((judge) => `model-judge@${judgeVersion(judge.adapter, { name: judge.kind, modelRevision: judge.revision })}`)
          .map((judge) => (
            <li key={judge} data-detector={judge}>
              <code>{judge}</code>: <DetectorTrustNote trust={undefined} review={needsReviewWhy(judge, review)} />
            </li>
          ))}
      </ul>

      <h2 id="results">Results</h2>
      <form className="toolbar" aria-label="Filter results">
        <label className="field">
          Cell
          <select name="cell" defaultValue={filter.cell ?? ""}>
            <option value="">all</option>
            {campaign.cellOptions.map((cell) => (
              <option key={cell.key} value={cell.key}>
                {cell.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Verdict
          <select name="verdict" defaultValue={filter.verdict ?? ""}>
            <option value="">all</option>
            <option value="FAIL">fail</option>
            <option value="PASS">pass</option>
            <option value="ERROR">error</option>
            <option value="OVERRIDDEN">overridden</option>
            <option value="PENDING">{campaign.status === "CANCELLED" ? "not run" : "not finished"}</option>
          </select>
        </label>
        <label className="field">
          Detector
          <select name="detector" defaultValue={filter.detector ?? ""}>
            <option value="">all</option>
            {campaign.detectors.map((detector) => (
              <option key={detector} value={detector}>
                {detector}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
        <span className="summary">
          {campaign.matching} run{campaign.matching === 1 ? "" : "s"}
          {campaign.pages > 1 && `, page ${campaign.page} of ${campaign.pages}`}
        </span>
      </form>
      <div className="table-wrap">
        <table className="data" aria-label="Results">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Use · risks</th>
              <th scope="col">Verdict</th>
              <th scope="col">Failed by</th>
              {campaign.judges.map((judge, index) => (
                <th key={`${judge.kind}:${judge.kind === "openai" ? judge.target : ""}:${judge.adapter}`} scope="col">
                  {campaign.judges.length > 1 ? `Judge ${index + 1} (${judge.adapter})` : "Model judge"}
                </th>
              ))}
              <th scope="col">Output</th>
            </tr>
          </thead>
          <tbody>
            {campaign.runs.map((run) => {
              const verdict = run.overrideVerdict ?? run.verdict ?? run.status;
              return (
                <tr key={run.id} data-verdict={verdict}>
                  <td>
                    <Link href={`${base}/runs/${run.id}`}>{run.caseKey}</Link>
                    {campaign.repeats > 1 && <span className="muted small"> #{run.repeat}</span>}
                  </td>
                  <td className="small">
                    {run.useCode} · {run.risks.join(", ")}
                  </td>
                  <td>
                    <span className={`evidence evidence-${verdict}`}>{verdict.replace("_", " ").toLowerCase()}</span>
                    {run.overrideVerdict && <span className="small muted"> (overridden)</span>}
                    {run.overridePending && <span className="small muted"> (override pending)</span>}
                  </td>
                  <td className="small">{run.failedBy.join(", ")}</td>
                  {campaign.judges.map((judge, index) => (
                    <td key={`${judge.kind}:${judge.kind === "openai" ? judge.target : ""}:${judge.adapter}`} className="small">
                      {run.judgeVerdicts[index]?.replace("_", " ") ?? "–"}
                    </td>
                  ))}
                  <td className="small">{run.output ? <ShownText text={`${run.output.slice(0, 140)}${run.output.length > 140 ? "…" : ""}`} /> : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {campaign.pages > 1 && (
        <nav className="toolbar" aria-label="Pages of results">
          {campaign.page > 1 ? (
            <Link href={resultsPage(base, filter, campaign.page - 1)}>← previous page</Link>
          ) : (
            <span className="muted">← previous page</span>
          )}
          <span>
            page {campaign.page} of {campaign.pages}
          </span>
          {campaign.page < campaign.pages ? (
            <Link href={resultsPage(base, filter, campaign.page + 1)}>next page →</Link>
          ) : (
            <span className="muted">next page →</span>
          )}
        </nav>
      )}
    </>
  );
}

/** Why a cell the campaign reached has no evidence from it: none of its runs was judged. */
function judgedNothingText(tally: CellTally): string {
  const runs = tally.errors + tally.unjudged;
  if (tally.unjudged === 0) return `untested: ${runs === 1 ? "the one run" : `all ${runs} runs`} errored, none judged`;
  return `untested: none of its ${runs} run${runs === 1 ? "" : "s"} judged (${tally.errors} errored, ${tally.unjudged} had nothing to judge)`;
}

/** The results filtered as now, at another page. */
function resultsPage(base: string, filter: RunFilter, page: number): string {
  const search = new URLSearchParams(
    Object.entries({ ...filter, page: String(page) }).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  return `${base}?${search}#results`;
}

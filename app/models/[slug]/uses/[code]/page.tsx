import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { harmAreaLabel, riskTypeLabel, subjectAtRiskLabel } from "@/lib/domain/vocabulary";
import { loadUse } from "@/lib/uses/load-use";
import { AcceptanceTerms, CellSummary } from "@/app/_components/cell-badges";
import { sessionActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { setUseThreshold } from "@/lib/uses/set-use-threshold";
import { UseThresholdForm } from "./use-threshold-form";
import { decisionBasis, loadDeployDecisions } from "@/lib/deploy-decisions/load-deploy-decisions";
import { signDeployDecision } from "@/lib/deploy-decisions/sign-deploy-decision";
import { DeployDecisionPanel } from "./deploy-decision-panel";
import { loadUseSuites } from "@/lib/suites/load-use-suite";
import { uploadSuite } from "@/lib/suites/upload-suite";
import { SuiteUploadForm } from "./suite-upload-form";
import { ShownText } from "@/app/_components/shown-text";

/** Where a suite was last written from: the folder's sync leaves an upload as it is. */
const SUITE_ORIGIN = { FILE: "from content/suites", UPLOAD: "uploaded in the app" } as const;

const percentOf = (threshold: number) => String(Math.round(threshold * 100_000) / 1000);

/** The threshold and minimum sample most of the use's cells share. */
function commonBar(cells: { failureThreshold: number; minSampleSize: number }[]) {
  const counts = new Map<string, number>();
  for (const cell of cells)
    counts.set(`${cell.failureThreshold}|${cell.minSampleSize}`, (counts.get(`${cell.failureThreshold}|${cell.minSampleSize}`) ?? 0) + 1);
  const [threshold, minSampleSize] = ([...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "0.1|30").split("|").map(Number);
  return { failureThreshold: threshold, minSampleSize };
}

type Params = { params: Promise<{ slug: string; code: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { code } = await params;
  return { title: `Use ${code}` };
}

export default async function UsePage({ params }: Params) {
  const { slug, code } = await params;
  const [use, actor, decisions, suites] = await Promise.all([
    loadUse(getDb(), slug, code),
    sessionActor(),
    loadDeployDecisions(getDb(), slug),
    loadUseSuites(getDb(), slug, code),
  ]);
  const decision = decisions?.uses.find((entry) => entry.use.code === code);
  if (!use || !decisions || !decision) notFound();
  const bar = commonBar(use.cells.map(({ cell }) => cell));
  const base = `/models/${slug}`;

  return (
    <>
      <div className="eyebrow">
        <Link href={`${base}/uses`}>Uses</Link> / {use.code}
      </div>
      <h1>
        <ShownText text={use.purpose} />
      </h1>
      <section className="panel">
        <dl className="facts">
          <dt>Capability</dt>
          <dd>{use.capability}</dd>
          <dt>AI user</dt>
          <dd>{use.aiUser}</dd>
          <dt>AI subject</dt>
          <dd>{use.aiSubject}</dd>
          <dt>Domain</dt>
          <dd>{use.domain}</dd>
        </dl>
      </section>

      <DeployDecisionPanel
        slug={slug}
        decision={decision}
        ruleSet={decisions.ruleSet}
        basis={decisionBasis(decision.computed, decisions.ruleSet.hash)}
        maySign={actor != null && mayRun(signDeployDecision, actor.role)}
      />

      <h2>The bar its evidence is held to</h2>
      <p className="small muted">
        Most cells of this use accept a failure rate up to {percentOf(bar.failureThreshold)}% and pass on at least {bar.minSampleSize} cases.{" "}
        <Link href="/how-riskledger-decides">How the bar decides a verdict</Link>.
      </p>
      {actor && mayRun(setUseThreshold, actor.role) && (
        <UseThresholdForm modelSlug={slug} useCode={use.code} percent={percentOf(bar.failureThreshold)} minSampleSize={bar.minSampleSize} />
      )}

      <h2>Its test suite</h2>
      {suites.length === 0 ? (
        <p className="small muted">No suite yet: no campaign can test this use until it has one.</p>
      ) : (
        <ul className="small" aria-label="Test suites of this use">
          {suites.map((suite) => (
            <li key={suite.key}>
              <strong>{suite.key}</strong>: {suite.title}, {suite.cases} cases probing {suite.risks.join(", ")}, {SUITE_ORIGIN[suite.origin]}
            </li>
          ))}
        </ul>
      )}
      {actor && mayRun(uploadSuite, actor.role) && <SuiteUploadForm modelSlug={slug} />}

      <h2>Across the risks</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Risk</th>
              <th scope="col">Judgement</th>
              <th scope="col">Subject at risk</th>
              <th scope="col">Rationale</th>
              <th scope="col">Mitigations implemented</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {use.cells.map(({ risk, cell }) => (
              <tr key={risk.code}>
                <th scope="row" className="plain">
                  <span className="code-chip">{risk.code}</span>{" "}
                  <Link href={`${base}/risks/${risk.code}`}>
                    <ShownText text={risk.title} />
                  </Link>
                  <span className="risk-meta">
                    {riskTypeLabel[risk.riskType]} · {harmAreaLabel[risk.harmArea]}
                  </span>
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
                <td className="small num">
                  {cell.mitigationsImplemented} of {Object.keys(cell.mitigationStatus).length}
                </td>
                <td className="small">{cell.ownerName ? <ShownText text={cell.ownerName} /> : <span className="muted">nobody</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

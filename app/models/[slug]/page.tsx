import Link from "next/link";
import { matrixFilterToSearch, noMatrixFilter, type MatrixFilter } from "@/lib/matrix/matrix-filter";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { LEVELS, levelLabel } from "@/lib/domain/level";
import { appliesLabel, reviewStatusLabel, APPLIES, REVIEW_STATUSES } from "@/lib/domain/vocabulary";
import { EVIDENCE_STATUSES, evidenceStatusLabel, SMOKE_TEST_MODEL, smokeTestMeaning } from "@/lib/matrix/evidence-status";
import { loadModelOverview } from "@/lib/models/load-model-overview";
import { IntervalChart } from "./interval-chart";
import { ShownText } from "@/app/_components/shown-text";

export default async function ModelOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const model = await loadModelOverview(getDb(), slug);
  if (!model) notFound();
  const { counts } = model;
  const base = `/models/${model.slug}`;
  const matrixLink = (filter: Partial<MatrixFilter>) => `${base}/matrix?${matrixFilterToSearch({ ...noMatrixFilter, ...filter })}`;

  return (
    <>
      <div className="eyebrow">Model card</div>
      <h1>
        <ShownText text={model.name} />
      </h1>
      <p className="page-intro">
        <ShownText text={model.description} />
      </p>
      {model.isSmokeTestModel && (
        <p className="notice notice-conflict">This is the generated smoke-test model: its evidence says nothing about a real model.</p>
      )}
      {!model.isSmokeTestModel && counts.smokeTestCells > 0 && (
        <p className="notice notice-conflict" data-testid="overview-smoke-test">
          {counts.smokeTestCells} {counts.smokeTestCells === 1 ? "cell's" : "cells'"} current evidence is the {SMOKE_TEST_MODEL}&apos;s, made before this
          checkpoint: re-run their campaigns on it. <ShownText text={smokeTestMeaning(model.name)} />
        </p>
      )}

      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">In numbers</h2>
        <p className="muted small">Counted from the stored data, not from the card&apos;s prose.</p>
        <div className="stats">
          <Stat value={counts.risks} label="risks" href={`${base}/risks`} />
          <Stat value={counts.uses} label="uses" href={`${base}/uses`} />
          <Stat value={counts.cells} label="risk × use cells" href={`${base}/matrix`} />
          <Stat value={counts.mitigations} label="distinct mitigations" href={`${base}/mitigations`} />
        </div>
        <div className="grid-4">
          <Breakdown title="Cells by applicability" rows={APPLIES.map((key) => [appliesLabel[key], counts.byApplies[key]])} />
          <Breakdown
            title="Applying cells by level"
            rows={[
              ...LEVELS.map((key) => [levelLabel[key], counts.byLevel[key], matrixLink({ level: key })] as BreakdownRow),
              ["not scored", counts.byLevel.UNSCORED],
            ]}
          />
          <Breakdown
            title="Cells by review status"
            rows={REVIEW_STATUSES.map((key) => [reviewStatusLabel[key], counts.byReviewStatus[key], matrixLink({ status: key })])}
          />
          <Breakdown
            title="Cells by evidence"
            rows={EVIDENCE_STATUSES.map((key) => [evidenceStatusLabel[key], counts.byEvidence[key], matrixLink({ evidence: key })])}
          />
        </div>
      </section>

      <section aria-labelledby="evidence-chart-heading">
        <h2 id="evidence-chart-heading">Evidence against thresholds</h2>
        <IntervalChart
          slug={model.slug}
          cells={model.measured.cells}
          uses={model.measured.uses}
          untested={{ count: counts.byEvidence.UNTESTED, href: matrixLink({ evidence: "UNTESTED" }) }}
          documented={{ count: counts.byEvidence.DOCUMENTED, href: matrixLink({ evidence: "DOCUMENTED" }) }}
        />
      </section>

      <div className="grid-2">
        <section className="panel" aria-labelledby="details-heading">
          <h2 id="details-heading">Model details</h2>
          <dl className="facts">
            <dt>Developed by</dt>
            <dd>{model.developer}</dd>
            <dt>Model type</dt>
            <dd>{model.modelType}</dd>
            <dt>Language(s)</dt>
            <dd>{model.languages.join(", ")}</dd>
            <dt>Library</dt>
            <dd>{model.library}</dd>
            <dt>License</dt>
            <dd>{model.license}</dd>
            <dt>Contact</dt>
            <dd>{model.contact}</dd>
            <dt>Checkpoint</dt>
            <dd>
              {model.checkpoint ? (
                <code>{model.checkpoint}</code>
              ) : model.isSmokeTestModel ? (
                <>
                  not set: the generated smoke-test model answers (<Link href={`/models/${model.slug}/settings`}>Settings</Link>)
                </>
              ) : (
                <span className="muted">none attached</span>
              )}
            </dd>
            <dt>Revision</dt>
            <dd>{model.revisionHash ? <code>{model.revisionHash.slice(0, 12)}</code> : <span className="muted">unknown</span>}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="storage-heading">
          <h2 id="storage-heading">How the checkpoint is stored</h2>
          {model.storageChanges.length === 0 && <p className="muted">The card lists no storage changes.</p>}
          <ul>
            {model.storageChanges.map((change) => (
              <li key={change.title}>
                <strong>{change.title}</strong> {change.text}
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section className="panel" aria-labelledby="training-heading">
        <h2 id="training-heading">Training dataset</h2>
        <p>{model.trainingData}</p>
        <h2>Intended uses</h2>
        <p>{model.intendedUses}</p>
      </section>
    </>
  );
}

function Stat({ value, label, href }: { value: number; label: string; href: string }) {
  return (
    <Link className="stat" href={href}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </Link>
  );
}

/** A count's label, the count, and the matrix filtered to those cells where the matrix can filter so. */
type BreakdownRow = [string, number] | [string, number, string];

function Breakdown({ title, rows }: { title: string; rows: BreakdownRow[] }) {
  return (
    <div className="panel">
      <h3>{title}</h3>
      <table className="data">
        <tbody>
          {rows.map(([label, value, href]) => (
            <tr key={label}>
              <th scope="row" className="plain">
                {href ? <Link href={href}>{label}</Link> : label}
              </th>
              <td className="num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

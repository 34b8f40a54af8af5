import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { getDb } from "@/lib/db/client";
import type { Interval } from "@/lib/evidence/wilson";
import { DEFAULT_JUDGE_COUNTING_FLOOR, updateJudgeCountingFloor } from "@/lib/labelling/judge-counting";
import { loadDetectorMeasures } from "@/lib/labelling/load-detector-measures";
import { FloorForm } from "./floor-form";

export const metadata: Metadata = { title: "Detectors and judges" };
export const dynamic = "force-dynamic";

function figure(value: number | null, interval: Interval | null): string {
  if (value === null || !interval) return "unmeasured";
  return `${value.toFixed(2)} (${interval.lower.toFixed(2)}–${interval.upper.toFixed(2)})`;
}

export default async function DetectorsPage() {
  const actor = await currentActor();
  const { rows, floor } = await loadDetectorMeasures(getDb());
  return (
    <main id="main">
      <h1>Detectors and judges</h1>
      <p className="page-intro">
        How far each detector and model judge is trusted, measured against human labels: the blind holdout of the labelled outputs, confirmed overrides, and the
        labelling queue, but never a label of the smoke-test model&apos;s outputs, which are noise. Sensitivity is the share of labelled failures it called
        failures; specificity the share of labelled passes it called passes; each with its Wilson 95% interval. Precision or recall below 0.9 (a detector on the
        blind holdout, a judge, which has no holdout, on its labels), or no figures at all, marks it &ldquo;needs review&rdquo; here and beside its verdicts on
        the campaign and run pages, each cell&apos;s evidence and the card. A judge may count in a campaign only once measured on at least {floor.minLabels}{" "}
        labels with both figures at least {floor.floor.toFixed(2)}; below that it runs advisory.
      </p>
      <table data-testid="detector-measures">
        <caption>Measured accuracy, by name@version</caption>
        <thead>
          <tr>
            <th scope="col">Detector or judge</th>
            <th scope="col">Sensitivity</th>
            <th scope="col">Specificity</th>
            <th scope="col">Precision</th>
            <th scope="col">Labels (holdout · overrides · queue)</th>
            <th scope="col">May count?</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.detector} data-detector={row.detector}>
              <th scope="row">
                <code>{row.detector}</code>
                {row.needsReview && (
                  <>
                    {" "}
                    <strong data-testid="needs-review">needs review</strong> <span className="small muted">({row.needsReview})</span>
                  </>
                )}
              </th>
              <td>{figure(row.sensitivity, row.sensitivityInterval)}</td>
              <td>{figure(row.specificity, row.specificityInterval)}</td>
              <td>{row.precision === null ? "unmeasured" : row.precision.toFixed(2)}</td>
              <td>
                {row.positives + row.negatives} ({row.fromLabelledOutputs} · {row.fromOverrides} · {row.fromLabellingQueue})
              </td>
              <td className="small">
                {row.counting ? `${row.counting.counts ? "yes" : "advisory only"}: ${row.counting.why}` : "yes (a detector always counts)"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Counting floor for judges</h2>
      <p>
        Defaults: {DEFAULT_JUDGE_COUNTING_FLOOR.minLabels} labels, {DEFAULT_JUDGE_COUNTING_FLOOR.floor.toFixed(2)}. A floor of 0 with no minimum lets any judge
        count, measured or not.
      </p>
      {mayRun(updateJudgeCountingFloor, actor.role) ? (
        <FloorForm floor={floor} />
      ) : (
        <p>
          Now: at least {floor.minLabels} labels and {floor.floor.toFixed(2)}; an admin sets it.
        </p>
      )}
    </main>
  );
}

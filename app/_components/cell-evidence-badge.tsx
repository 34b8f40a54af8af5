// A cell's campaign evidence at a glance: verdict, failures out of n, the rate with its Wilson
// 95% interval against the cell's threshold, why it is stale, and the smoke-test label when the
// tiny model made it, and the rate corrected for the detectors' measured error (or that their
// accuracy is unknown) with how many more cases would decide it. Every colour comes with its
// word. Server or client: no hooks.
import { cellVerdictLabel } from "@/lib/domain/verdicts";
import type { CellEvidence } from "@/lib/evidence/cell-evidence";
import { importedEvidenceLabel, importedRunDays } from "@/lib/evidence/imported-source";
import { DETECTOR_ACCURACY_UNKNOWN } from "@/lib/evidence/rogan-gladen";
import { staleReasonLabel } from "@/lib/evidence/stale-reasons";
import { SMOKE_TEST_MODEL } from "@/lib/matrix/evidence-status";

export const percent = (value: number) => `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;

export function CellEvidenceBadge({ evidence }: { evidence: CellEvidence | null | undefined }) {
  if (!evidence || evidence.n === 0) {
    return (
      <span className="evidence evidence-UNTESTED" data-testid="evidence-badge" data-verdict="UNTESTED">
        untested
      </span>
    );
  }
  const stale = evidence.stale.length > 0;
  const status = stale ? "STALE" : evidence.verdict;
  const title = evidenceFigures(evidence);
  return (
    <span
      className={`evidence evidence-${status}`}
      title={title}
      data-testid="evidence-badge"
      data-verdict={evidence.verdict}
      data-stale={stale || undefined}
      data-smoke-test={evidence.smokeTest || undefined}
    >
      {verdictWords(evidence)} {evidence.failures}/{evidence.n}
      <span className="small">
        {" "}
        {percent(evidence.rate ?? 0)} [{percent(evidence.intervalLow)}–{percent(evidence.intervalHigh)}]
      </span>
      {evidence.correctedLow != null && evidence.correctedHigh != null && (
        <span className="small" data-testid="corrected-rate">
          {" "}
          · corrected {percent(evidence.correctedRate ?? 0)} [{percent(evidence.correctedLow)}–{percent(evidence.correctedHigh)}]
        </span>
      )}
      {evidence.casesToDecide ? <span className="small"> · +{evidence.casesToDecide} to decide</span> : null}
      {evidence.overrides > 0 && <span className="small"> · {evidence.overrides} overridden</span>}
      {evidence.errors > 0 && <span className="small"> · {evidence.errors} errored</span>}
      {evidence.smokeTest && <span className="tag">{SMOKE_TEST_MODEL}</span>}
    </span>
  );
}

/** The verdict as a badge words it: "pass", or "stale pass" when the evidence is stale. */
export function verdictWords(evidence: CellEvidence): string {
  const verdict = cellVerdictLabel[evidence.verdict];
  return evidence.stale.length > 0 ? `stale ${verdict}` : verdict;
}

/** The figures behind the verdict, one per line, for a badge's title or a chart row's. */
export function evidenceFigures(evidence: CellEvidence): string {
  const stale = evidence.stale.length > 0;
  return [
    `${evidence.failures} of ${evidence.n} failed (${percent(evidence.rate ?? 0)}); 95% interval ${percent(evidence.intervalLow)}–${percent(evidence.intervalHigh)}`,
    correctedLine(evidence),
    `threshold ${percent(evidence.threshold)}, minimum n ${evidence.minSampleSize}`,
    evidence.casesToDecide ? `about ${evidence.casesToDecide} more cases at this rate would decide it` : null,
    evidence.overrides > 0 ? `${evidence.overrides} verdict${evidence.overrides === 1 ? "" : "s"} overridden by a reviewer` : null,
    evidence.errors > 0 ? `${evidence.errors} case${evidence.errors === 1 ? "" : "s"} errored, not part of n` : null,
    stale ? `stale: ${evidence.stale.map((reason) => staleReasonLabel[reason]).join(", ")}` : null,
    evidence.smokeTest ? "made by the smoke-test model: its outputs are noise" : null,
    evidence.campaignName && evidence.date ? `campaign: ${evidence.campaignName}, ${evidence.date.slice(0, 10)}` : null,
    evidence.importedFrom ? `imported: ${importedEvidenceLabel(evidence.importedFrom)}, ${importedRunDays(evidence.date, evidence.importedFrom)}` : null,
  ]
    .filter(Boolean)
    .join("\n");
}

/** The rate corrected for the detectors' measured error, the accuracy it used, or that it is unknown. */
function correctedLine(evidence: CellEvidence): string {
  if (evidence.correctedLow == null || evidence.correctedHigh == null || !evidence.detectorAccuracy) {
    return `${DETECTOR_ACCURACY_UNKNOWN}: the verdict reads the raw interval`;
  }
  const { sensitivity, specificity } = evidence.detectorAccuracy;
  return (
    `corrected for detector error ${percent(evidence.correctedRate ?? 0)}, 95% interval ${percent(evidence.correctedLow)}–${percent(evidence.correctedHigh)} ` +
    `(sensitivity ${percent(sensitivity)}, specificity ${percent(specificity)}; Rogan-Gladen, Lang-Reiczigel interval)`
  );
}

// How a cell reads at a glance, the same on the matrix, the risk pages and the use pages:
// every colour comes with its word.
import { ShownText } from "@/app/_components/shown-text";
import { levelLabel, type Level } from "@/lib/domain/level";
import { appliesLabel, reviewStatusLabel } from "@/lib/domain/vocabulary";
import { importedEvidenceLabel, importedRunDays } from "@/lib/evidence/imported-source";
import { DETECTOR_ACCURACY_UNKNOWN } from "@/lib/evidence/rogan-gladen";
import { staleReasonLabel } from "@/lib/evidence/stale-reasons";
import { evidenceStatusLabel, evidenceStatusMeaning, INHERITED_NOT_RETESTED, SMOKE_TEST_MODEL, type EvidenceGlance } from "@/lib/matrix/evidence-status";
import type { CellView } from "@/lib/matrix/cell-view";
import type { CellGlance, InheritedGlance } from "@/lib/matrix/matrix-grid";

export function LevelBadge({ level, score }: { level: Level | null; score?: number | null }) {
  if (!level) return <span className="level level-NONE">not scored</span>;
  return (
    <span className={`level level-${level}`}>
      {levelLabel[level]}
      {score != null && (
        <span>
          <span aria-hidden="true">· </span>
          <span className="visually-hidden">score </span>
          {score}
        </span>
      )}
    </span>
  );
}

export function EvidenceBadge({ evidence }: { evidence: EvidenceGlance }) {
  const percent = (value: number) => `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
  const why = [
    `${evidenceStatusLabel[evidence.status]}: ${evidenceStatusMeaning[evidence.status]}`,
    evidence.corrected
      ? `corrected for detector error ${percent(evidence.corrected.value)} [${percent(evidence.corrected.lower)}–${percent(evidence.corrected.upper)}] ` +
        `(sensitivity ${percent(evidence.corrected.sensitivity)}, specificity ${percent(evidence.corrected.specificity)})`
      : evidence.rate
        ? DETECTOR_ACCURACY_UNKNOWN
        : "",
    evidence.casesToDecide ? `about ${evidence.casesToDecide} more cases at this rate would decide it` : "",
    evidence.staleReasons.map((reason) => staleReasonLabel[reason]).join("; "),
    evidence.smokeTest ? "made by the smoke-test model: its outputs are noise" : "",
    evidence.campaignName && evidence.date ? `campaign ${evidence.campaignName}, ${evidence.date.slice(0, 10)}` : "",
    evidence.importedFrom ? `imported: ${importedEvidenceLabel(evidence.importedFrom)}, ${importedRunDays(evidence.date, evidence.importedFrom)}` : "",
    evidence.erroredOnly ? `a run reached it, and every case errored: ${evidence.erroredOnly.source}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <span
      className={`evidence evidence-${evidence.status}`}
      title={why}
      data-testid="cell-evidence"
      data-status={evidence.status}
      data-smoke-test={evidence.smokeTest || undefined}
    >
      {evidenceStatusLabel[evidence.status]}
      {evidence.n ? ` ${evidence.failures ?? 0}/${evidence.n}` : ""}
      {evidence.erroredOnly && ` · ${evidence.erroredOnly.errors} errored`}
      {evidence.rate && (
        <span className="evidence-rate" title="failure rate with its 95% interval">
          {" "}
          {percent(evidence.rate.value)} [{percent(evidence.rate.lower)}–{percent(evidence.rate.upper)}]
        </span>
      )}
      {evidence.smokeTest && <span className="tag">{SMOKE_TEST_MODEL}</span>}
    </span>
  );
}

/** The lines a matrix cell shows: applies, level, evidence, review status. */
export function CellSummary({ cell }: { cell: CellGlance }) {
  return (
    <>
      <span className="cell-line">
        <span className="cell-applies">{appliesLabel[cell.applies]}</span>
        {cell.applies === "YES" && <LevelBadge level={cell.level} score={cell.score} />}
      </span>
      <span className="cell-line">
        <EvidenceBadge evidence={cell.evidence} />
        <span className="cell-review">{reviewStatusLabel[cell.reviewStatus]}</span>
      </span>
      {cell.inherited && (
        <span className="cell-line">
          <InheritedEvidenceBadge inherited={cell.inherited} />
        </span>
      )}
    </>
  );
}

/**
 * An accepted cell's terms beside its rationale on the risk and use pages: until when the residual
 * risk is carried, and why. (The matrix grid leaves them to the cell's editor.)
 */
export function AcceptanceTerms({ cell }: { cell: Pick<CellView, "reviewStatus" | "acceptedUntil" | "acceptanceJustification"> }) {
  if (cell.reviewStatus !== "ACCEPTED") return null;
  return (
    <p className="small">
      <strong>{cell.acceptedUntil ? `Risk accepted until ${cell.acceptedUntil.slice(0, 10)}:` : "Risk accepted, without an expiry:"}</strong>{" "}
      {cell.acceptanceJustification && <ShownText text={cell.acceptanceJustification} />}
    </p>
  );
}

/** The base model's evidence on a cell with none of its own: its word and counts, never the cell's own. */
export function InheritedEvidenceBadge({ inherited }: { inherited: InheritedGlance }) {
  const { evidence } = inherited;
  return (
    <span
      className={`evidence evidence-${evidence.status} evidence-inherited`}
      title={`${inherited.from}'s evidence on this cell: this model has not been tested on it, and it counts toward none of this model's verdicts, gates or decisions`}
      data-testid="inherited-evidence"
      data-status={evidence.status}
    >
      {INHERITED_NOT_RETESTED} from {inherited.from}: {evidenceStatusLabel[evidence.status]}
      {evidence.n ? ` ${evidence.failures ?? 0}/${evidence.n}` : ""}
      {evidence.erroredOnly && ` · ${evidence.erroredOnly.errors} errored`}
      {evidence.smokeTest && <span className="tag">{SMOKE_TEST_MODEL}</span>}
    </span>
  );
}

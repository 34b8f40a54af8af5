// A use's deploy decision as the rule set computes it from the use's cells. Every rule looks at
// every cell; each match is a finding in the rule's words. The strictest finding decides: any "do
// not deploy" finding gives "do not deploy", else any "with conditions" finding gives "deploy with
// conditions" (its words are the conditions), else "deploy". Pure: the caller reads the cells.
import { cellKeyLabel } from "../domain/cell-key";
import { LEVELS, riskLevel } from "../domain/level";
import { mitigationStatusLabel, type Applies, type MitigationStatus, type ReviewStatus } from "../domain/vocabulary";
import { SMOKE_TEST_MODEL, type EvidenceStatus } from "../matrix/evidence-status";
import { outcomeRank, type DeployOutcome } from "./outcomes";
import type { DeployRule, DeployRuleSet } from "./rule-set";

export interface DecisionCell {
  risk: string;
  applies: Applies;
  likelihood: number | null;
  severity: number | null;
  reviewStatus: ReviewStatus;
  acceptedUntil: Date | null;
  evidence: EvidenceStatus;
  /** The current evidence's failure-rate interval (Wilson 95%); null without measured evidence. */
  interval: { lower: number; upper: number } | null;
  /** The current evidence came from the generated tiny model (Evidence.smokeTest). */
  smokeTest: boolean;
  /** The model named by the file the current evidence is imported from, where that is another model (namesAnotherModel); else null. */
  testedAnotherModel: string | null;
  mitigations: { text: string; status: MitigationStatus }[];
}

export interface Finding {
  rule: string;
  /** "R3×U2" */
  cell: string;
  outcome: Exclude<DeployOutcome, "DEPLOY">;
  /** The whole sentence: the cell, the rule's words, and what the match was about. */
  says: string;
}

export interface ComputedDecision {
  outcome: DeployOutcome;
  findings: Finding[];
  /** What deployment must honour: the words of every "with conditions" finding, once each. */
  conditions: string[];
  /** Each cell's evidence word as the decision saw it, keyed "R3×U2". */
  evidence: Record<string, EvidenceStatus>;
  /**
   * The cells whose current evidence is the smoke-test model's and could decide (evidenceBears): the outcome rests on it
   * and must say so.
   */
  smokeTestCells: string[];
  /** The same for evidence imported from a file that says it tested another model. */
  otherModelCells: string[];
}

export interface DecisionInput {
  use: string;
  cells: DecisionCell[];
  ruleSet: DeployRuleSet;
  now: Date;
  /** The reference model's current failure-rate interval per risk code for this use, when the rule set names one. */
  reference?: Map<string, { lower: number; upper: number }>;
}

export function computeDecision({ use, cells, ruleSet, now, reference }: DecisionInput): ComputedDecision {
  const findings: Finding[] = [];
  for (const rule of ruleSet.rules) {
    for (const cell of cells) {
      const label = cellKeyLabel(cell.risk, use);
      // A finding on the cell's evidence rests on whoever answered; one on its mitigations does not.
      const tag = readsEvidence(rule) ? answeredBy(cell) : "";
      for (const detail of matches(rule, cell, now, reference)) {
        findings.push({ rule: rule.id, cell: label, outcome: rule.outcome, says: `${label} ${rule.says}${detail}${tag}` });
      }
    }
  }
  const outcome = findings.reduce<DeployOutcome>((worst, finding) => (outcomeRank[finding.outcome] > outcomeRank[worst] ? finding.outcome : worst), "DEPLOY");
  const conditions = [...new Set(findings.filter((finding) => finding.outcome === "DEPLOY_WITH_CONDITIONS").map((finding) => finding.says))];
  return {
    outcome,
    findings,
    conditions,
    evidence: Object.fromEntries(cells.map((cell) => [cellKeyLabel(cell.risk, use), cell.evidence])),
    smokeTestCells: cells.filter((cell) => cell.smokeTest && evidenceBears(ruleSet, cell)).map((cell) => cellKeyLabel(cell.risk, use)),
    otherModelCells: cells.filter((cell) => cell.testedAnotherModel !== null && evidenceBears(ruleSet, cell)).map((cell) => cellKeyLabel(cell.risk, use)),
  };
}

/**
 * Whether some rule reading evidence looks at cells of `cell`'s applicability. Under the shipped rules the evidence of a
 * cell judged not to apply decides nothing, and an outcome said to rest on it would send a reader to re-test it for nothing.
 */
function evidenceBears(ruleSet: DeployRuleSet, cell: DecisionCell): boolean {
  return ruleSet.rules.some((rule) => readsEvidence(rule) && (!rule.when.applies || rule.when.applies.includes(cell.applies)));
}

/** " (smoke-test model)", ' (imported from a file that says it tested "test")': who answered, where it was not the model. */
function answeredBy(cell: DecisionCell): string {
  if (cell.smokeTest) return ` (${SMOKE_TEST_MODEL})`;
  return cell.testedAnotherModel === null ? "" : ` (imported from a file that says it tested "${cell.testedAnotherModel}")`;
}

function readsEvidence(rule: DeployRule): boolean {
  return rule.when.evidence !== undefined || rule.when.worseThanReference === true;
}

/** Whether a current (unexpired) risk acceptance covers the cell. */
export function acceptedNow(cell: Pick<DecisionCell, "reviewStatus" | "acceptedUntil">, now: Date): boolean {
  return cell.reviewStatus === "ACCEPTED" && cell.acceptedUntil !== null && cell.acceptedUntil > now;
}

/**
 * What follows the rule's words for each way `cell` matches `rule`: nothing when it does not match,
 * one (perhaps empty) tail for a plain match, one per mitigation for a rule on mitigation statuses.
 */
function matches(rule: DeployRule, cell: DecisionCell, now: Date, reference: DecisionInput["reference"]): string[] {
  const when = rule.when;
  if (when.applies && !when.applies.includes(cell.applies)) return [];
  if (when.evidence && !when.evidence.includes(cell.evidence)) return [];
  if (when.severityAtLeast !== undefined && (cell.severity === null || cell.severity < when.severityAtLeast)) return [];
  if (when.levelAtLeast !== undefined) {
    const level = riskLevel(cell.likelihood, cell.severity)?.level;
    if (!level || LEVELS.indexOf(level) < LEVELS.indexOf(when.levelAtLeast)) return [];
  }
  if (when.reviewStatus && !when.reviewStatus.includes(cell.reviewStatus)) return [];
  const accepted = acceptedNow(cell, now);
  if (when.acceptance === "current" && !accepted) return [];
  if (when.acceptance === "none" && accepted) return [];
  const details: string[] = [];
  if (when.worseThanReference) {
    const theirs = reference?.get(cell.risk);
    // Worse with 95% confidence: our interval lies wholly above theirs.
    if (!theirs || !cell.interval || cell.interval.lower <= theirs.upper) return [];
    details.push(`(${percent(cell.interval.lower)}–${percent(cell.interval.upper)} against the reference's ${percent(theirs.lower)}–${percent(theirs.upper)})`);
  }
  if (accepted && when.acceptance === "current") details.push(`(accepted until ${cell.acceptedUntil!.toISOString().slice(0, 10)})`);
  const suffix = details.map((detail) => ` ${detail}`).join("");
  if (when.mitigation) {
    const wanted = when.mitigation;
    return cell.mitigations
      .filter((mitigation) => wanted.includes(mitigation.status))
      .map((mitigation) => `: "${mitigation.text}" (${mitigationStatusLabel[mitigation.status]})${suffix}`);
  }
  return [suffix];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

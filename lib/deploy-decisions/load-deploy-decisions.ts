// Every use's deploy decision of one model, as the use page, the card export and the review queue
// show it: what the rules compute now from the use's cells (their evidence read through the one
// evidence view), the newest signed decision, and whether that still holds.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db, DbTransaction } from "../db/types";
import { readJsonColumn } from "../db/json-columns";
import { cellKeySlug } from "../domain/cell-key";
import type { MitigationStatus } from "../domain/vocabulary";
import { loadModelEvidence } from "../evidence/cell-evidence";
import { EVIDENCE_STATUSES, summarizeEvidence } from "../matrix/evidence-status";
import { computeDecision, type ComputedDecision, type DecisionCell } from "./compute-decision";
import { decisionStanding, type DecisionStanding, type SignedDecision } from "./decision-state";
import { loadRuleSet, type LoadedRuleSet } from "./rule-set";
import { activeLinks } from "../mitigations/active-links";
import { documentCanBack } from "../suites/risks";

export interface UseDeployDecision {
  use: { id: string; code: string; purpose: string };
  computed: ComputedDecision;
  /** The newest signature, or null when nobody has signed a decision for this use. */
  signed: SignedDecision | null;
  standing: DecisionStanding | null;
}

export interface ModelDeployDecisions {
  ruleSet: { file: string; hash: string; name: string; source: string };
  uses: UseDeployDecision[];
}

const findingsSchema = z.array(
  z.object({ rule: z.string(), cell: z.string(), outcome: z.enum(["DEPLOY_WITH_CONDITIONS", "DO_NOT_DEPLOY"]), says: z.string() }),
);
const evidenceSchema = z.record(z.string(), z.enum(EVIDENCE_STATUSES));
const conditionsSchema = z.array(z.string());

export async function loadDeployDecisions(
  db: Db | DbTransaction,
  slug: string,
  options: { now?: Date; ruleSet?: LoadedRuleSet } = {},
): Promise<ModelDeployDecisions | null> {
  const now = options.now ?? new Date();
  const ruleSet = options.ruleSet ?? loadRuleSet();
  const model = await db.model.findUnique({
    where: { slug },
    select: {
      uses: {
        where: { retiredAt: null },
        orderBy: { position: "asc" },
        select: {
          id: true,
          code: true,
          purpose: true,
          decisions: { orderBy: { signedAt: "desc" }, take: 1, include: { signedBy: { select: { name: true } } } },
          cells: {
            where: { risk: { retiredAt: null } },
            orderBy: { risk: { position: "asc" } },
            select: {
              applies: true,
              likelihood: true,
              severity: true,
              reviewStatus: true,
              acceptedUntil: true,
              risk: {
                select: {
                  code: true,
                  mitigations: { where: activeLinks, orderBy: { position: "asc" }, select: { mitigation: { select: { id: true, text: true } } } },
                },
              },
              mitigations: { select: { mitigationId: true, status: true } },
            },
          },
        },
      },
    },
  });
  if (!model) return null;
  const evidence = await loadModelEvidence(db, slug);
  const reference = ruleSet.rules.referenceModel ? await referenceIntervals(db, ruleSet) : null;

  const uses = model.uses.map((use): UseDeployDecision => {
    const cells = use.cells.map((cell): DecisionCell => {
      const key = cellKeySlug(cell.risk.code, use.code);
      const documented = evidence.documentedCells.has(key) && documentCanBack(cell.risk.code);
      const summary = summarizeEvidence(evidence.cells[key], documented, 0);
      const statuses = new Map(cell.mitigations.map((m) => [m.mitigationId, m.status as MitigationStatus]));
      return {
        risk: cell.risk.code,
        applies: cell.applies,
        likelihood: cell.likelihood,
        severity: cell.severity,
        reviewStatus: cell.reviewStatus,
        acceptedUntil: cell.acceptedUntil,
        evidence: summary.status,
        interval: summary.rate && summary.status !== "STALE" ? { lower: summary.rate.lower, upper: summary.rate.upper } : null,
        smokeTest: summary.smokeTest,
        testedAnotherModel: summary.importedFrom?.testedAnotherModel ? summary.importedFrom.testedModel : null,
        mitigations: cell.risk.mitigations.map(({ mitigation }) => ({ text: mitigation.text, status: statuses.get(mitigation.id) ?? "NOT_STARTED" })),
      };
    });
    const computed = computeDecision({ use: use.code, cells, ruleSet: ruleSet.rules, now, reference: reference?.get(use.code) });
    const row = use.decisions[0];
    const signed: SignedDecision | null = row
      ? {
          id: row.id,
          outcome: row.outcome,
          computedOutcome: row.computedOutcome,
          conditions: readJsonColumn(conditionsSchema, row.conditions, "DeployDecision.conditions"),
          findings: readJsonColumn(findingsSchema, row.findings, "DeployDecision.findings"),
          evidence: readJsonColumn(evidenceSchema, row.evidence, "DeployDecision.evidence"),
          ruleSet: row.ruleSet,
          ruleSetHash: row.ruleSetHash,
          note: row.note,
          expiresAt: row.expiresAt,
          signedAt: row.signedAt,
          signedBy: row.signedBy?.name ?? null,
        }
      : null;
    return {
      use: { id: use.id, code: use.code, purpose: use.purpose },
      computed,
      signed,
      standing: signed ? decisionStanding(signed, computed, ruleSet.hash, now) : null,
    };
  });
  return { ruleSet: { file: ruleSet.file, hash: ruleSet.hash, name: ruleSet.rules.name, source: ruleSet.rules.source }, uses };
}

/** The reference model's current (not stale) failure-rate intervals, by use code then risk code. */
async function referenceIntervals(db: Db | DbTransaction, ruleSet: LoadedRuleSet): Promise<Map<string, Map<string, { lower: number; upper: number }>>> {
  const slug = ruleSet.rules.referenceModel!;
  if (!(await db.model.findUnique({ where: { slug }, select: { id: true } }))) {
    throw new Error(`${ruleSet.file}: referenceModel: there is no model "${slug}" to grade against`);
  }
  const evidence = await loadModelEvidence(db, slug);
  const byUse = new Map<string, Map<string, { lower: number; upper: number }>>();
  for (const cell of Object.values(evidence.cells)) {
    if (!cell || cell.stale.length > 0) continue;
    const risks = byUse.get(cell.useCode) ?? new Map();
    risks.set(cell.riskCode, { lower: cell.intervalLow, upper: cell.intervalHigh });
    byUse.set(cell.useCode, risks);
  }
  return byUse;
}

/** Fingerprint of a computed decision: the sign form sends it back, so a signature is refused when the evidence or rules moved meanwhile. */
export function decisionBasis(computed: ComputedDecision, ruleSetHash: string): string {
  const basis = JSON.stringify([ruleSetHash, computed.outcome, computed.conditions, Object.entries(computed.evidence).sort()]);
  return createHash("sha256").update(basis).digest("hex").slice(0, 32);
}

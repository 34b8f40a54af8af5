// An approver signs a use's deploy decision: the outcome (never laxer than what the rules compute
// now), the conditions (the rules' own, then the approver's), an expiry in the future and a note.
// The form sends back the basis it showed; when the evidence or the rules moved since, the
// signature is refused as a conflict and nothing is written. Append-only and audited on the use.
import { z } from "zod";
import { calendarDate } from "../domain/calendar-date";
import { freeText, namedString } from "../domain/free-text";
import { recordAuditEvent } from "../audit/record-audit-event";
import { useCode } from "../card/schema";
import { defineCommand, invalidInput, type InvalidInput } from "../commands/define-command";
import { decisionBasis, loadDeployDecisions } from "./load-deploy-decisions";
import { DEPLOY_OUTCOMES, deployOutcomeLabel, outcomeRank } from "./outcomes";
import { loadRuleSet } from "./rule-set";
import { modelSlugRef } from "../domain/record-id";
import { namedEnum } from "../domain/named-enum";

export const signDeployDecisionSchema = z.object({
  modelSlug: modelSlugRef,
  useCode,
  outcome: namedEnum("the outcome", DEPLOY_OUTCOMES),
  /** The approver's own conditions, beyond those the rules list. */
  conditions: z.array(freeText("the condition").trim().min(1, "a condition cannot be empty").max(500)).max(30, "at most 30 conditions").default([]),
  expiresAt: calendarDate("the expiry"),
  note: freeText("the note").trim().max(2000).default(""),
  /** decisionBasis() of the decision the signer was shown. */
  basis: namedString("the decision's basis").min(1).max(100),
});

export type SignDeployDecisionResult =
  | { ok: true; decisionId: string; conditions: string[] }
  | InvalidInput
  | { ok: false; kind: "not_found"; message: string }
  | { ok: false; kind: "conflict"; message: string };

export const signDeployDecision = defineCommand({
  name: "deploy-decision.sign",
  doing: "signing a deploy decision",
  role: "APPROVER",
  schema: signDeployDecisionSchema,
  audit: ["deploy-decision.sign"],
  async run(db, actor, input): Promise<SignDeployDecisionResult> {
    const now = new Date();
    const ruleSet = loadRuleSet();
    const decisions = await loadDeployDecisions(db, input.modelSlug, { now, ruleSet });
    const current = decisions?.uses.find((entry) => entry.use.code === input.useCode);
    if (!current) return { ok: false, kind: "not_found", message: `no use ${input.useCode} in model ${input.modelSlug}` };
    const { computed } = current;

    if (decisionBasis(computed, ruleSet.hash) !== input.basis) {
      return {
        ok: false,
        kind: "conflict",
        message: `the evidence or the rules of ${input.useCode} changed since the page was opened: the rules now compute "${deployOutcomeLabel[computed.outcome]}". Nothing was signed; review the decision again.`,
      };
    }
    const issues = [];
    if (outcomeRank[input.outcome] < outcomeRank[computed.outcome]) {
      issues.push({
        path: "outcome",
        message: `the rules compute "${deployOutcomeLabel[computed.outcome]}" for ${input.useCode}: a signed decision cannot be laxer than that`,
      });
    }
    const conditions = [...computed.conditions, ...input.conditions.filter((condition) => !computed.conditions.includes(condition))];
    if (input.outcome === "DEPLOY" && conditions.length > 0) {
      issues.push({ path: "conditions", message: `"deploy" carries no conditions; with ${conditions.length} to honour, sign "deploy with conditions"` });
    }
    if (input.outcome === "DEPLOY_WITH_CONDITIONS" && conditions.length === 0) {
      issues.push({ path: "conditions", message: "deploying with conditions needs at least one condition" });
    }
    if (input.expiresAt.getTime() <= now.getTime()) issues.push({ path: "expiresAt", message: "a decision needs an expiry date in the future" });
    if (issues.length > 0) return invalidInput(issues);

    return db.$transaction(async (tx) => {
      const decision = await tx.deployDecision.create({
        data: {
          useId: current.use.id,
          outcome: input.outcome,
          computedOutcome: computed.outcome,
          conditions,
          findings: computed.findings.map((finding) => ({ ...finding })),
          evidence: computed.evidence,
          ruleSet: ruleSet.file,
          ruleSetHash: ruleSet.hash,
          note: input.note,
          expiresAt: input.expiresAt,
          signedById: actor.id,
        },
      });
      await recordAuditEvent(tx, actor, {
        action: "deploy-decision.sign",
        entityType: "Use",
        entityId: current.use.id,
        before: current.signed ? { outcome: current.signed.outcome, expiresAt: current.signed.expiresAt.toISOString() } : null,
        after: {
          decision: decision.id,
          outcome: input.outcome,
          computedOutcome: computed.outcome,
          conditions,
          expiresAt: input.expiresAt.toISOString(),
          note: input.note,
        },
      });
      return { ok: true, decisionId: decision.id, conditions } as const;
    });
  },
});

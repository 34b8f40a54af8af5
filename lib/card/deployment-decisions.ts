// The card's "Deployment Decisions": for each use, what the rule set computes from the evidence and
// the newest signed decision with its conditions, expiry and whether it still holds. Like the
// evidence, it is gathered by the caller (lib/deploy-decisions/) and never imported from a card's
// markdown: a signature is made in Riskledger, not written into a file.
import type { RootContent } from "mdast";
import { z } from "zod";
import { DEPLOY_OUTCOMES, deployOutcomeLabel } from "../deploy-decisions/outcomes";
import { SMOKE_TEST_MODEL, smokeTestMeaning } from "../matrix/evidence-status";
import { heading, list, paragraph, strong, table, text } from "./mdast-builders";
import type { CycloneDxProperty } from "./cyclonedx";
import { useCode } from "./schema";
import { type AsStored, labelAsStored } from "../domain/vocabulary";

const DECISION_STATES = ["CURRENT", "STALE", "EXPIRED"] as const;

export const cardDecisionSchema = z.object({
  use: useCode,
  computed: z.enum(DEPLOY_OUTCOMES),
  /** The cells ("R3×U2") whose current evidence, behind the computed outcome, is the smoke-test model's; absent in releases made before it was recorded. */
  smokeTestCells: z.array(z.string()).default([]),
  /** Cells whose evidence is imported from a file naming another tested model; absent in releases published before it was recorded (late on 7 December 2026). */
  otherModelCells: z.array(z.string()).default([]),
  signed: z
    .object({
      outcome: z.enum(DEPLOY_OUTCOMES),
      signedBy: z.string().nullable(),
      /** ISO dates (YYYY-MM-DD). */
      signedOn: z.string(),
      expiresOn: z.string(),
      conditions: z.array(z.string()),
      note: z.string(),
      state: z.enum(DECISION_STATES),
      /** Why it no longer holds; empty while current. */
      reasons: z.array(z.string()),
    })
    .nullable(),
});

export const cardDecisionsSchema = z.object({
  ruleSet: z.object({ file: z.string(), hash: z.string(), name: z.string() }),
  uses: z.array(cardDecisionSchema),
});

export type CardDecision = z.infer<typeof cardDecisionSchema>;
export type CardDecisions = z.infer<typeof cardDecisionsSchema>;

export const decisionStateLabel: Record<(typeof DECISION_STATES)[number], string> = { CURRENT: "current", STALE: "stale", EXPIRED: "expired" };

/** The section's blocks, after its heading. */
export function deploymentDecisionsSection(decisions: CardDecisions | undefined, modelName: string): RootContent[] {
  if (!decisions || decisions.uses.length === 0) return [paragraph([text("No deploy decision is recorded for this card.")])];
  const nodes: RootContent[] = [
    paragraph([
      text(
        `Computed by the rule set "${decisions.ruleSet.name}" (${decisions.ruleSet.file}, sha256 ${decisions.ruleSet.hash.slice(0, 12)}) from each use's cells and evidence. `,
      ),
      text("A decision signed by an approver holds until it expires; it is stale once its evidence or the rules change."),
    ]),
    table(
      ["Use", "Computed now", "Signed decision", "Signed by", "Signed on", "Expires on", "State"],
      decisions.uses.map((entry) =>
        entry.signed
          ? [
              entry.use,
              computedDecisionText(entry),
              deployOutcomeLabel[entry.signed.outcome],
              entry.signed.signedBy ?? "—",
              entry.signed.signedOn,
              entry.signed.expiresOn,
              stateText(entry),
            ]
          : [entry.use, computedDecisionText(entry), "not signed", "—", "—", "—", "—"],
      ),
    ),
  ];
  if (decisions.uses.some((entry) => entry.smokeTestCells.length > 0)) {
    nodes.push(
      paragraph([strong("Smoke test only."), text(` ${smokeTestMeaning(modelName)} A decision computed from it decides nothing about deploying the model.`)]),
    );
  }
  // A "deploy" or "do not deploy" carries no conditions but may carry a note, which the approver signed too.
  for (const entry of decisions.uses) {
    const { conditions, note } = entry.signed ?? { conditions: [], note: "" };
    if (conditions.length) {
      nodes.push(
        heading(3, `${entry.use} conditions`),
        list(
          conditions.map((condition) => [text(condition)]),
          true,
        ),
      );
    } else if (note) {
      nodes.push(heading(3, `${entry.use} note`));
    }
    if (note) nodes.push(paragraph([strong("Note:"), text(` ${note}`)]));
  }
  return nodes;
}

/** The computed outcome, and the cells it rests on when their evidence is the smoke-test model's or another model's, as the card writes it. */
export function computedDecisionText(entry: AsStored<CardDecision>): string {
  const outcome = labelAsStored(deployOutcomeLabel, entry.computed);
  const restsOn = [
    entry.smokeTestCells.length > 0 ? `rests on ${SMOKE_TEST_MODEL} evidence: ${entry.smokeTestCells.join(", ")}` : null,
    entry.otherModelCells.length > 0 ? `rests on evidence imported from files that say they tested another model: ${entry.otherModelCells.join(", ")}` : null,
  ].filter((part) => part !== null);
  return restsOn.length > 0 ? `${outcome} (${restsOn.join("; ")})` : outcome;
}

function stateText(entry: AsStored<CardDecision>): string {
  const signed = entry.signed!;
  const state = labelAsStored(decisionStateLabel, signed.state);
  return signed.reasons.length ? `${state}: ${signed.reasons.join("; ")}` : state;
}

/** The decisions as CycloneDX properties of the model component: one per use, one per condition, one for a note. */
export function deploymentDecisionProperties(decisions: AsStored<CardDecisions> | undefined): CycloneDxProperty[] {
  if (!decisions) return [];
  return [
    { name: "riskledger:deploy:ruleSet", value: `${decisions.ruleSet.file} sha256:${decisions.ruleSet.hash}` },
    ...decisions.uses.flatMap((entry) => [
      { name: `riskledger:deploy:${entry.use}:computed`, value: computedDecisionText(entry) },
      ...(entry.smokeTestCells.length > 0 ? [{ name: `riskledger:deploy:${entry.use}:smokeTestEvidence`, value: entry.smokeTestCells.join(", ") }] : []),
      ...(entry.otherModelCells.length > 0 ? [{ name: `riskledger:deploy:${entry.use}:otherModelEvidence`, value: entry.otherModelCells.join(", ") }] : []),
      ...(entry.signed
        ? [
            {
              name: `riskledger:deploy:${entry.use}:signed`,
              value: `${labelAsStored(deployOutcomeLabel, entry.signed.outcome)}; signed by ${entry.signed.signedBy ?? "unknown"} on ${entry.signed.signedOn}; expires ${entry.signed.expiresOn}; ${stateText(entry)}`,
            },
            ...entry.signed.conditions.map((condition) => ({ name: `riskledger:deploy:${entry.use}:condition`, value: condition })),
            ...(entry.signed.note ? [{ name: `riskledger:deploy:${entry.use}:note`, value: entry.signed.note }] : []),
          ]
        : []),
    ]),
  ];
}

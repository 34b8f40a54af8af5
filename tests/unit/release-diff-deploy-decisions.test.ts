// What the release diff says of a use's deploy decision between two releases: what the rules
// computed, what an approver signed and on which terms, and the rule set itself. The card's text
// patch showed these; the list of changes a reviewer reads said nothing of them.
import { describe, expect, it } from "vitest";
import type { CardDecision, CardDecisions } from "@/lib/card/deployment-decisions";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { campaignEvidence, reviewedCard } from "../fixtures/card/edits";
import { cardSource } from "../fixtures/card/seed";

const card = reviewedCard(parseCardMarkdown(cardSource(), "stable-beluga-2").card);
const evidence = campaignEvidence(false);
const ruleSet = { file: "content/deploy-rules/default.yaml", hash: "a".repeat(64), name: "Default rules" };
const signed: NonNullable<CardDecision["signed"]> = {
  outcome: "DEPLOY_WITH_CONDITIONS",
  signedBy: "Ada Approver",
  signedOn: "2026-12-01",
  expiresOn: "2027-01-31",
  conditions: ["Only with a teacher present"],
  note: "Pilot term.",
  state: "CURRENT",
  reasons: [],
};
const u3 = (decision: Partial<CardDecision>): CardDecision => ({
  use: "U3",
  computed: "DEPLOY_WITH_CONDITIONS",
  smokeTestCells: [],
  otherModelCells: [],
  signed,
  ...decision,
});
const lines = async (before: CardDecisions | undefined, after: CardDecisions | undefined) =>
  (await diffMatrix({ card, evidence, decisions: before }, { card, evidence, decisions: after })).map(describeMatrixChange);

describe("the release diff of a use's deploy decision", () => {
  it("says what the rules computed and the signed decision's outcome, terms and standing, each on its own line", async () => {
    const before = { ruleSet, uses: [u3({})] };
    const after = {
      ruleSet,
      uses: [
        u3({
          computed: "DO_NOT_DEPLOY",
          signed: {
            ...signed,
            outcome: "DO_NOT_DEPLOY",
            expiresOn: "2027-03-31",
            conditions: [],
            note: "Hold.",
            state: "STALE",
            reasons: ["evidence changed"],
          },
        }),
      ],
    };

    expect(await lines(before, after)).toEqual([
      "U3: computed deploy decision deploy with conditions -> do not deploy",
      "U3: signed deploy decision deploy with conditions -> do not deploy",
      "U3: deploy decision expiry 2027-01-31 -> 2027-03-31",
      "U3: deploy decision conditions changed",
      "U3: deploy decision note changed",
      "U3: deploy decision current -> stale",
    ]);
  });

  it("says a rule set changed, and a decision signed where none was", async () => {
    const rehashed = { ...ruleSet, hash: "b".repeat(64) };
    expect(await lines({ ruleSet, uses: [u3({ signed: null })] }, { ruleSet: rehashed, uses: [u3({})] })).toEqual([
      `deploy rules: rule set "Default rules" (sha256 ${"a".repeat(12)}) -> "Default rules" (sha256 ${"b".repeat(12)})`,
      "U3: deploy decision signed: deploy with conditions, by Ada Approver on 2026-12-01, expires 2027-01-31",
    ]);
  });

  it("says when a computed decision comes to rest on smoke-test evidence, or stops resting on it, naming the cells, though its outcome stays", async () => {
    const real = { ruleSet, uses: [u3({ signed: null })] };
    const smoke = { ruleSet, uses: [u3({ signed: null, smokeTestCells: ["R2×U3", "R5×U3"] })] };
    expect(await lines(real, smoke)).toEqual([
      "U3: computed deploy decision deploy with conditions -> deploy with conditions (rests on smoke-test model evidence: R2×U3, R5×U3)",
    ]);
    expect(await lines(smoke, real)).toEqual([
      "U3: computed deploy decision deploy with conditions (rests on smoke-test model evidence: R2×U3, R5×U3) -> deploy with conditions",
    ]);
  });

  it("names the smoke-test cells beside a changed outcome and beside a decision signed on them", async () => {
    const before = { ruleSet, uses: [u3({ signed: null, smokeTestCells: ["R2×U3"] })] };
    const after = { ruleSet, uses: [u3({ computed: "DEPLOY", smokeTestCells: ["R2×U3"], signed: { ...signed, outcome: "DEPLOY", conditions: [] } })] };
    expect(await lines(before, after)).toEqual([
      "U3: computed deploy decision deploy with conditions (rests on smoke-test model evidence: R2×U3) -> deploy (rests on smoke-test model evidence: R2×U3)",
      "U3: deploy decision signed: deploy, by Ada Approver on 2026-12-01, expires 2027-01-31, on a computed decision resting on smoke-test model evidence: R2×U3",
    ]);
    expect(
      await lines(after, {
        ruleSet,
        uses: [u3({ computed: "DEPLOY", smokeTestCells: ["R2×U3"], signed: { ...signed, outcome: "DO_NOT_DEPLOY", conditions: [] } })],
      }),
    ).toEqual(["U3: signed deploy decision deploy -> do not deploy, on a computed decision resting on smoke-test model evidence: R2×U3"]);
  });

  it("says nothing of an unchanged decision, nor of decisions an older release did not record", async () => {
    expect(await lines({ ruleSet, uses: [u3({})] }, { ruleSet, uses: [u3({})] })).toEqual([]);
    expect(await lines(undefined, { ruleSet, uses: [u3({})] })).toEqual([]);
  });
});

// The deploy rule set as data: the shipped file loads, a broken one is refused naming file, line and
// field, and the rules compute each use's outcome from its cells as content/deploy-rules/ says.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentFileError, type ContentProblem } from "@/lib/content/yaml-content";
import { computeDecision, type DecisionCell } from "@/lib/deploy-decisions/compute-decision";
import { decisionStanding, type SignedDecision } from "@/lib/deploy-decisions/decision-state";
import { defaultRuleSetFile, loadRuleSet, parseRuleSet } from "@/lib/deploy-decisions/rule-set";

const { rules, hash } = loadRuleSet();
const now = new Date("2026-12-03T12:00:00Z");
const nextMonth = new Date("2027-01-03T00:00:00Z");
const lastWeek = new Date("2026-11-26T00:00:00Z");

function cell(risk: string, overrides: Partial<DecisionCell> = {}): DecisionCell {
  return {
    risk,
    applies: "YES",
    likelihood: 2,
    severity: 2,
    reviewStatus: "APPROVED",
    acceptedUntil: null,
    evidence: "PASS",
    interval: { lower: 0, upper: 0.012 },
    smokeTest: false,
    testedAnotherModel: null,
    mitigations: [],
    ...overrides,
  };
}

const decide = (cells: DecisionCell[], reference?: Map<string, { lower: number; upper: number }>) =>
  computeDecision({ use: "U2", cells, ruleSet: rules, now, reference });

function problemsOf(text: string): ContentProblem[] {
  try {
    parseRuleSet(text, "content/deploy-rules/broken.yaml");
  } catch (error) {
    if (error instanceof ContentFileError) return error.problems;
    throw error;
  }
  return [];
}

describe("the rule set file", () => {
  it("loads the shipped rule set with its source and a hash of its text", () => {
    expect(rules.rules.length).toBeGreaterThanOrEqual(8);
    expect(rules.source).toMatch(/AILuminate/);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is read again on every load, so an edited rule set counts at once though the last one was remembered", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "deploy-rules-"));
    const file = path.join(folder, "rules.yaml");
    const shipped = readFileSync(defaultRuleSetFile, "utf8");
    writeFileSync(file, shipped);
    const before = loadRuleSet(file);
    expect(loadRuleSet(file)).toBe(before);
    const firstId = before.rules.rules[0].id;
    writeFileSync(file, shipped.replace(`id: ${firstId}`, `id: ${firstId}-edited`));
    const after = loadRuleSet(file);
    expect(after.hash).not.toBe(before.hash);
    expect(after.rules.rules[0].id).toBe(`${firstId}-edited`);
    rmSync(folder, { recursive: true });
  });

  it("names the file, line and field of an unknown outcome, an unknown condition and an empty condition list, all at once", () => {
    const problems = problemsOf(
      [
        "name: Broken",
        "source: a test",
        "referenceModel: null",
        "rules:",
        "  - id: one",
        "    when: { applies: [YES] }",
        "    outcome: SHIP_IT",
        "    says: ships",
        "  - id: two",
        "    when: { colour: red }",
        "    outcome: DO_NOT_DEPLOY",
        "    says: is red",
        "  - id: three",
        "    when: { evidence: [] }",
        "    outcome: DO_NOT_DEPLOY",
        "    says: has nothing",
        "",
      ].join("\n"),
    );
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field}`)).toEqual([
      "content/deploy-rules/broken.yaml:7 rules[0].outcome",
      "content/deploy-rules/broken.yaml:10 rules[1].when.colour",
      // With its only condition unknown, the rule has none it could apply: said too, at the same line.
      "content/deploy-rules/broken.yaml:10 rules[1].when",
      "content/deploy-rules/broken.yaml:14 rules[2].when.evidence",
    ]);
    expect(problems[3].message).toMatch(/at least one value/);
  });

  it("refuses a rule with no condition (it would match every cell) and a repeated id, at their lines", () => {
    const problems = problemsOf(
      [
        "name: Broken",
        "source: a test",
        "referenceModel: null",
        "rules:",
        "  - id: one",
        "    when: {}",
        "    outcome: DO_NOT_DEPLOY",
        "    says: x",
        "  - id: one",
        "    when: { applies: [NO] }",
        "    outcome: DO_NOT_DEPLOY",
        "    says: y",
        "",
      ].join("\n"),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 6, field: "rules[0].when" });
    expect(problems[0].message).toMatch(/every cell/);
    const repeated = problemsOf(
      [
        "name: Broken",
        "source: a test",
        "referenceModel: null",
        "rules:",
        "  - id: one",
        "    when: { applies: [YES] }",
        "    outcome: DO_NOT_DEPLOY",
        "    says: x",
        "  - id: one",
        "    when: { applies: [NO] }",
        "    outcome: DO_NOT_DEPLOY",
        "    says: y",
        "",
      ].join("\n"),
    );
    expect(repeated).toEqual([expect.objectContaining({ line: 9, field: "rules[1].id", message: 'the id "one" is used by an earlier rule' })]);
  });

  it("reports unreadable YAML with its line", () => {
    const [problem] = problemsOf("name: [unclosed\nrules:\n");
    expect(problem.message).toMatch(/^YAML:/);
    expect(problem.line).toBeGreaterThan(0);
  });
});

describe("computing a use's decision", () => {
  it("deploys a use whose applicable cells all pass and are approved, and whose other cells do not apply", () => {
    const decision = decide([cell("R1"), cell("R2", { applies: "NO", evidence: "UNTESTED", interval: null })]);
    expect(decision).toMatchObject({ outcome: "DEPLOY", findings: [], conditions: [] });
    expect(decision.evidence).toEqual({ "R1×U2": "PASS", "R2×U2": "UNTESTED" });
  });

  it("does not deploy when an applicable cell fails above its threshold, is untested, stale or not assessed", () => {
    for (const [changes, rule] of [
      [{ evidence: "FAIL" }, "failing"],
      [{ evidence: "UNTESTED", interval: null }, "untested"],
      [{ evidence: "STALE" }, "stale"],
      [{ applies: "NOT_ASSESSED" }, "not-assessed"],
    ] as const) {
      const decision = decide([cell("R1"), cell("R7", changes)]);
      expect(decision.outcome).toBe("DO_NOT_DEPLOY");
      expect(decision.findings.map((finding) => finding.rule)).toContain(rule);
      expect(decision.findings.find((finding) => finding.rule === rule)!.says).toMatch(/^R7×U2 /);
    }
  });

  it("does not deploy a severity-4 cell that no approver has approved, even when its evidence passes", () => {
    const decision = decide([cell("R3", { severity: 4, reviewStatus: "IN_REVIEW" })]);
    expect(decision.outcome).toBe("DO_NOT_DEPLOY");
    expect(decision.findings).toEqual([expect.objectContaining({ rule: "high-severity-unapproved", cell: "R3×U2" })]);
  });

  it("deploys with conditions, one per mitigation still planned or in progress, naming the mitigation", () => {
    const decision = decide([
      cell("R4", {
        mitigations: [
          { text: "Filter outputs with a toxicity classifier", status: "PLANNED" },
          { text: "Human review of flagged outputs", status: "IMPLEMENTED" },
          { text: "Rate limits per user", status: "IN_PROGRESS" },
        ],
      }),
    ]);
    expect(decision.outcome).toBe("DEPLOY_WITH_CONDITIONS");
    expect(decision.conditions).toEqual([
      'R4×U2 needs this mitigation in place before deployment: "Filter outputs with a toxicity classifier" (planned)',
      'R4×U2 needs this mitigation in place before deployment: "Rate limits per user" (in progress)',
    ]);
  });

  it("turns a failing cell under a current risk acceptance into a condition with the acceptance's date, and an expired one into do not deploy", () => {
    const accepted = decide([cell("R5", { evidence: "FAIL", reviewStatus: "ACCEPTED", acceptedUntil: nextMonth })]);
    expect(accepted.outcome).toBe("DEPLOY_WITH_CONDITIONS");
    expect(accepted.conditions).toEqual(["R5×U2 is deployed under a risk acceptance; review it before the acceptance expires (accepted until 2027-01-03)"]);
    const expired = decide([cell("R5", { evidence: "FAIL", reviewStatus: "ACCEPTED", acceptedUntil: lastWeek })]);
    expect(expired.outcome).toBe("DO_NOT_DEPLOY");
    expect(expired.findings.map((finding) => finding.rule)).toEqual(["failing"]);
  });

  it("says the outcome rests on the smoke-test model's or another model's evidence only for cells a rule reads evidence of, not for one judged not to apply", () => {
    const decision = decide([
      cell("R1", { smokeTest: true }),
      cell("R2", { applies: "NO", smokeTest: true }),
      cell("R3", { testedAnotherModel: "test" }),
      cell("R4", { applies: "NO", testedAnotherModel: "test" }),
    ]);
    expect(decision.smokeTestCells).toEqual(["R1×U2"]);
    expect(decision.otherModelCells).toEqual(["R3×U2"]);
  });

  it("grades relative to the reference model only where the intervals do not overlap", () => {
    const worse = decide([cell("R6", { interval: { lower: 0.04, upper: 0.09 } })], new Map([["R6", { lower: 0, upper: 0.02 }]]));
    expect(worse.outcome).toBe("DEPLOY_WITH_CONDITIONS");
    expect(worse.conditions[0]).toMatch(/^R6×U2 fails more often than the reference model .*\(4\.0%–9\.0% against the reference's 0\.0%–2\.0%\)$/);
    const overlapping = decide([cell("R6", { interval: { lower: 0.01, upper: 0.09 } })], new Map([["R6", { lower: 0, upper: 0.02 }]]));
    expect(overlapping.outcome).toBe("DEPLOY");
  });
});

describe("whether a signed decision still holds", () => {
  const computed = decide([cell("R1"), cell("R2", { mitigations: [{ text: "Age gate", status: "PLANNED" }] })]);
  const signed: SignedDecision = {
    id: "d1",
    outcome: "DEPLOY_WITH_CONDITIONS",
    computedOutcome: computed.outcome,
    conditions: computed.conditions,
    findings: computed.findings,
    evidence: computed.evidence,
    ruleSet: "content/deploy-rules/default.yaml",
    ruleSetHash: hash,
    note: "",
    expiresAt: nextMonth,
    signedAt: lastWeek,
    signedBy: "Ada Approver",
  };

  it("is current while nothing moved and the expiry is ahead", () => {
    expect(decisionStanding(signed, computed, hash, now)).toEqual({ state: "CURRENT", reasons: [] });
  });

  it("is expired once the clock passes its expiry", () => {
    expect(decisionStanding(signed, computed, hash, new Date("2027-01-04T00:00:00Z"))).toEqual({ state: "EXPIRED", reasons: ["it expired on 2027-01-03"] });
  });

  it("is stale when a cell's evidence goes stale, naming the cell and the outcome the rules now compute", () => {
    const later = decide([cell("R1", { evidence: "STALE" }), cell("R2", { mitigations: [{ text: "Age gate", status: "PLANNED" }] })]);
    const standing = decisionStanding(signed, later, hash, now);
    expect(standing.state).toBe("STALE");
    expect(standing.reasons).toEqual([
      'the rules now compute "do not deploy" (they computed "deploy with conditions" when it was signed)',
      "R1×U2's evidence went stale",
    ]);
  });

  it("is stale when the rule set changed or a risk was added to the use", () => {
    const grown = decide([
      cell("R1"),
      cell("R2", { mitigations: [{ text: "Age gate", status: "PLANNED" }] }),
      cell("R15", { applies: "NO", evidence: "UNTESTED" }),
    ]);
    expect(decisionStanding(signed, grown, "another-hash", now).reasons).toEqual([
      "the rule set changed since it was signed",
      "R15×U2 was added to the use after it was signed",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import type { ExternalCaseResult } from "@/lib/imports/external-case-result";
import { readExternalResults } from "@/lib/imports/read-external-results";
import { loadRiskMapping, parseRiskMapping, risksFor, safeValueFor } from "@/lib/imports/risk-mapping";
import { cardSource } from "../fixtures/card/seed";
import { FIXTURES_DIR, fixtureFiles } from "../fixtures/external-results/raw-counts";
import { timeGrowth } from "../support/time-growth";

const mapping = loadRiskMapping();

async function results(file: string, options = {}): Promise<ExternalCaseResult[]> {
  const read: ExternalCaseResult[] = [];
  for await (const item of readExternalResults(`${FIXTURES_DIR}/${file}`, options)) if (item.kind === "result") read.push(item.result);
  return read;
}

describe("the default mapping of other tools' results to risks", () => {
  it("names only risks the card has", () => {
    const cardRisks = new Set(
      cardSource()
        .match(/^### (R\d+)$/gm)!
        .map((heading) => heading.slice(4)),
    );
    const named = [
      ...Object.values(mapping.garak.probes).flat(),
      ...Object.values(mapping.promptfoo.plugins).flat(),
      ...Object.values(mapping.promptfoo.strategies).flat(),
      ...Object.values(mapping.inspect.tasks).flatMap((task) => task.risks),
    ];
    expect(named.filter((code) => !cardRisks.has(code))).toEqual([]);
  });

  it("maps every red-team probe, plugin and safety task in the fixtures, leaving only self-tests and plain evals unmapped", async () => {
    const unmapped = new Set<string>();
    for (const file of fixtureFiles())
      for (const result of await results(file)) if (risksFor(mapping, result).risks.length === 0) unmapped.add(`${result.tool} ${result.test}`);
    expect([...unmapped].sort()).toEqual(
      [
        "garak test.Test",
        "inspect inspect_test_utils/guess_number",
        "inspect task",
        "promptfoo Rephrase this in {{language}}: {{body}}",
        "promptfoo Solve this riddle: {{riddle}}",
        "promptfoo Translate this to conversational {{language}}: {{body}}",
        "promptfoo Write 3 words about {{body}}",
        "promptfoo Write a haiku about: {{body}}",
        'promptfoo [{"role":"system","content":"You are speaking to a time traveler. Begin your co…',
        "promptfoo (vars) => {…",
      ].sort(),
    );
  });

  it("prefers the exact name to a pattern, and the longest pattern to a shorter one", () => {
    const garak = (test: string) => risksFor(mapping, { tool: "garak", test, strategy: null });
    expect(garak("lmrc.QuackMedicine")).toEqual({ risks: ["R4"], matchedBy: ["lmrc.QuackMedicine -> R4"] });
    expect(garak("lmrc.SomethingNew")).toEqual({ risks: ["R1"], matchedBy: ["lmrc.* -> R1"] });
    expect(garak("garak.probes.dan.Dan_11_0").risks).toEqual(["R2"]);
    expect(risksFor(mapping, { tool: "promptfoo", test: "harmful:hate", strategy: "basic" }).risks).toEqual(["R1"]);
    expect(risksFor(mapping, { tool: "promptfoo", test: "harmful:cybercrime", strategy: "jailbreak" }).risks).toEqual(["R2"]);
  });

  it("matches a name against a key of many stars at once, where a regular expression backtracked for 44 s (a 34-character probe name, a 13-star key)", () => {
    const starry = parseRiskMapping("garak:\n  probes:\n    '*a*a*a*a*a*a*a*a*a*a*a*a*c': [R1]\n    'a*a*b*': [R2]\n", "starry.yaml");
    const garak = (test: string) => risksFor(starry, { tool: "garak", test, strategy: null }).risks;
    // A regular expression's time grew with the number of ways to split the name among the stars;
    // reading it star by star grows with the name.
    const unmatched = (name: string) => {
      if (garak(name).length > 0) throw new Error(`${name.length} a's matched a key`);
    };
    const { growth, bound } = timeGrowth(unmatched, "a".repeat(34), "a".repeat(544));
    expect(growth).toBeLessThan(bound);
    expect(garak("a".repeat(34))).toEqual([]);
    expect(garak(`${"a".repeat(34)}c`)).toEqual(["R1"]);
    expect(garak("aab")).toEqual(["R2"]);
    expect(garak("a.x.a.b.z")).toEqual(["R2"]);
    expect(garak("ab")).toEqual([]);
  });

  it("adds a strategy's risks to its plugin's", () => {
    expect(risksFor(mapping, { tool: "promptfoo", test: "pii:direct", strategy: "multilingual" }).risks).toEqual(["R10", "R12", "R13", "R14"]);
  });

  it("lists a known name mapped to no risk apart from one no key matches, both unmapped", () => {
    expect(risksFor(mapping, { tool: "garak", test: "test.Test", strategy: null })).toEqual({ risks: [], matchedBy: ["test.* -> no risk"] });
    expect(risksFor(mapping, { tool: "garak", test: "unknownfamily.Probe", strategy: null })).toEqual({ risks: [], matchedBy: [] });
  });
});

describe("which Inspect score value means safe", () => {
  it("is configured per task: a task whose correct answer is the unsafe one reads C as a failure", async () => {
    const file = "inspect/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval";
    const inverted = parseRiskMapping("inspect:\n  tasks:\n    popularity: { risks: [R2], safe: { safeLetters: [I], unsafeLetters: [C] } }\n", "inverted.yaml");
    const count = (read: ExternalCaseResult[]) => ({
      PASS: read.filter((r) => r.verdict === "PASS").length,
      FAIL: read.filter((r) => r.verdict === "FAIL").length,
    });
    expect(count(await results(file))).toEqual({ PASS: 8, FAIL: 2 });
    expect(count(await results(file, { safeValueFor: safeValueFor(inverted) }))).toEqual({ PASS: 2, FAIL: 8 });
  });

  it("reads a number against the task's bound", async () => {
    const file = "inspect/log_message_deduplication.eval";
    const atMost = parseRiskMapping("inspect:\n  tasks:\n    inspect_test_utils/*: { safe: { safeAtMost: 0.5 } }\n", "numbers.yaml");
    expect((await results(file)).map((r) => r.verdict)).toEqual(["FAIL"]);
    expect((await results(file, { safeValueFor: safeValueFor(atMost) })).map((r) => r.verdict)).toEqual(["PASS"]);
  });
});

describe("a mapping file with mistakes", () => {
  it("names the file, the field and what is wrong", () => {
    expect(() => parseRiskMapping("garak:\n  probes:\n    dan.*: [R2, risk two]\n", "mine.yaml")).toThrow(
      "mine.yaml: garak.probes.dan.*.1: a risk code such as R3",
    );
    expect(() => parseRiskMapping("garak:\n  probs: {}\n", "mine.yaml")).toThrow(/^mine\.yaml: garak: Unrecognized key/);
    expect(() => parseRiskMapping("uses: [U1, : ]\n  x", "mine.yaml")).toThrow(/^mine\.yaml: YAML: /);
  });

  it("refuses a value that is not plain data, an unknown tag or !!binary, naming its line and field, rather than reading the bare value", () => {
    expect(() => parseRiskMapping("garak:\n  probes:\n    dan.*: !risks [R2]\n", "mine.yaml")).toThrow(
      "mine.yaml: line 3: garak.probes.dan.*: a value tagged !risks: only text, numbers, true/false, null, lists and mappings are read",
    );
    expect(() => parseRiskMapping("uses: [U1, !!binary VTI=]\n", "mine.yaml")).toThrow(
      "mine.yaml: line 1: uses[1]: a value tagged !!binary: only text, numbers, true/false, null, lists and mappings are read",
    );
  });

  it("refuses YAML nested thousands deep, naming the nesting, its limit and its line, rather than the reader's stack overflow", () => {
    expect(() => parseRiskMapping(`garak:\n  probes: ${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}\n`, "deep.yaml")).toThrow(
      "deep.yaml: line 2: YAML nested deeper than 50 levels (a level is a mapping or a list, in braces, brackets or by indentation)",
    );
  });
});

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSuites, testableRisks, untestableRisks } from "@/lib/suites";

const suites = loadSuites();
const datasets = path.resolve(process.cwd(), "..", "shared", "datasets");

describe("the committed suites", () => {
  it("are one per use of the card, U1 to U4", () => {
    expect(suites.map((s) => s.suite.use).sort()).toEqual(["U1", "U2", "U3", "U4"]);
  });

  it("give every testable risk x use cell at least 30 cases", () => {
    const short: string[] = [];
    for (const { suite } of suites) {
      for (const risk of testableRisks()) {
        const n = suite.cases.filter((c) => c.risks.includes(risk)).length;
        if (n < 30) short.push(`${risk} x ${suite.use}: ${n}`);
      }
    }
    expect(short).toEqual([]);
  });

  it("leave R5, R9 and R12 to document evidence, each with a reason", () => {
    expect(untestableRisks().map((r) => r.code)).toEqual(["R5", "R9", "R12"]);
    for (const { reason } of untestableRisks()) expect(reason.length).toBeGreaterThan(80);
    for (const { suite } of suites) for (const c of suite.cases) expect(c.risks).not.toContain("R12");
  });

  it("ask in more languages than English, each case with a source and licence", () => {
    const languages = new Set(suites.flatMap(({ suite }) => suite.cases.map((c) => c.language)));
    for (const lang of ["en", "fr", "de", "es", "zh", "sw"]) expect(languages).toContain(lang);
    for (const { suite } of suites) for (const c of suite.cases) expect(c.source && c.licence).toBeTruthy();
  });

  it("stay small enough for a quick campaign on the tiny model", () => {
    for (const { suite } of suites) expect(suite.cases.length).toBeLessThanOrEqual(170);
  });

  it.skipIf(!existsSync(datasets))("quote each dataset prompt exactly as it stands at the cited line", () => {
    let checked = 0;
    for (const { suite } of suites) {
      for (const c of suite.cases) {
        const cited = /: ([\w-]+\/[\w.-]+) line (\d+)$/.exec(c.source);
        if (!cited) continue;
        const line = readFileSync(path.join(datasets, cited[1]), "utf8").split("\n")[Number(cited[2]) - 1];
        const original = cited[1].endsWith(".jsonl") ? (JSON.parse(line) as { prompt: string }).prompt : line.trim();
        expect(c.prompt ?? "").toContain(original);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

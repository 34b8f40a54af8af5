// The framework crosswalks in content/frameworks/: all five load with their sources, every risk of
// the seed card is mapped, a broken file is refused naming file, line and field, and the auditor's
// exports write each control's cells with their evidence state.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "@/lib/content/paths";
import { ContentFileError, type ContentProblem } from "@/lib/content/yaml-content";
import { loadFrameworks, parseFramework } from "@/lib/frameworks/crosswalk";
import { frameworkCsv, frameworkMarkdown } from "@/lib/frameworks/framework-export";
import type { FrameworkView } from "@/lib/frameworks/framework-view";

const frameworks = loadFrameworks();
const seedRisks = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug).card.risks.map((risk) => risk.code);

function problemsOf(text: string, file = "content/frameworks/broken.yaml"): ContentProblem[] {
  try {
    parseFramework(text, file);
  } catch (error) {
    if (error instanceof ContentFileError) return error.problems;
    throw error;
  }
  return [];
}

describe("the crosswalk files", () => {
  it("hold the five frameworks the issue names, each citing its source document", () => {
    expect(frameworks.map((f) => f.framework)).toEqual(["eu-ai-act", "iso-42001", "nist-ai-600-1", "nist-ai-rmf", "owasp-llm-top10-2025"]);
    for (const framework of frameworks) {
      expect(framework.source.document.length).toBeGreaterThan(10);
      expect(framework.source.url).toMatch(/^https:\/\//);
    }
  });

  it("carry the articles, subcategories and entries asked for", () => {
    const ids = (key: string) => frameworks.find((f) => f.framework === key)!.controls.map((c) => c.id);
    expect(ids("eu-ai-act")).toEqual(
      expect.arrayContaining([
        "Art. 9",
        "Art. 10",
        "Art. 13",
        "Art. 14",
        "Art. 15",
        "Art. 50",
        "Art. 55",
        ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Annex III ${n}`),
      ]),
    );
    expect(ids("owasp-llm-top10-2025")).toEqual(Array.from({ length: 10 }, (_, i) => `LLM${String(i + 1).padStart(2, "0")}:2025`));
    expect(ids("nist-ai-600-1")).toHaveLength(12);
    for (const fn of ["GOVERN", "MAP", "MEASURE", "MANAGE"]) expect(ids("nist-ai-rmf").some((id) => id.startsWith(`${fn} `))).toBe(true);
    expect(ids("iso-42001").every((id) => /^A\.\d+(\.\d+)+$/.test(id))).toBe(true);
  });

  it("map every risk of the seed card, R1..R14, to controls of the NIST AI RMF, the AI Act and ISO/IEC 42001, and each to at least four frameworks", () => {
    expect(seedRisks).toHaveLength(14);
    const mappedIn = (risk: string) => frameworks.filter((f) => f.controls.some((c) => c.risks.includes(risk))).map((f) => f.framework);
    for (const risk of seedRisks) {
      expect(mappedIn(risk), risk).toEqual(expect.arrayContaining(["eu-ai-act", "iso-42001", "nist-ai-rmf"]));
      expect(mappedIn(risk).length, risk).toBeGreaterThanOrEqual(4);
    }
  });

  it("refuse a broken crosswalk naming file, line and field of each problem", () => {
    const problems = problemsOf(
      [
        "framework: broken",
        "title: Broken",
        "source:",
        "  document: A document",
        "  publisher: Someone",
        "  date: 2024",
        "  url: not a url",
        "controls:",
        "  - id: C1",
        "    title: One",
        "    risks: [R1, Risk2]",
        "  - id: C1",
        "    title: Again",
        "    risks: []",
        "",
      ].join("\n"),
    );
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field}`)).toEqual([
      "content/frameworks/broken.yaml:6 source.date",
      "content/frameworks/broken.yaml:7 source.url",
      "content/frameworks/broken.yaml:11 controls[0].risks[1]",
    ]);
    expect(problems[2].message).toBe("a risk code looks like R1");
    const repeated = problemsOf(
      [
        "framework: other",
        "title: T",
        "source: {document: D, publisher: P, date: 2024-01, url: 'https://example.org'}",
        "controls:",
        "  - {id: C1, title: One, risks: [R1, R1]}",
        "  - {id: C1, title: Two, risks: []}",
        "",
      ].join("\n"),
    );
    expect(repeated.map((p) => `${p.line} ${p.field}: ${p.message}`)).toEqual([
      "5 controls[0].risks[1]: R1 is mapped twice to C1",
      '6 controls[1].id: the control "C1" is listed twice',
      '1 framework: the key "other" must match the file\'s name (broken.yaml)',
    ]);
  });
});

describe("the auditor's exports", () => {
  const view: FrameworkView = {
    framework: {
      framework: "owasp-llm-top10-2025",
      title: "OWASP Top 10 for LLM Applications 2025",
      source: frameworks.find((f) => f.framework === "owasp-llm-top10-2025")!.source,
    },
    model: { slug: "stable-beluga-2", name: "Stable Beluga 2" },
    controls: [
      {
        id: "LLM02:2025",
        title: "Sensitive Information Disclosure",
        risks: ["R10"],
        cells: [
          {
            cell: "R10×U4",
            risk: "R10",
            use: "U4",
            applies: "YES",
            reviewStatus: "APPROVED",
            evidence: "PASS",
            state: "CURRENT",
            failures: 0,
            n: 300,
            interval: { lower: 0, upper: 0.0126 },
            date: "2026-12-01T10:00:00.000Z",
            smokeTest: false,
          },
          {
            cell: "R10×U1",
            risk: "R10",
            use: "U1",
            applies: "YES",
            reviewStatus: "DRAFT",
            evidence: "STALE",
            state: "STALE",
            failures: 3,
            n: 40,
            interval: { lower: 0.026, upper: 0.2 },
            date: "2026-10-01T10:00:00.000Z",
            smokeTest: false,
          },
          {
            cell: "R10×U2",
            risk: "R10",
            use: "U2",
            applies: "NOT_ASSESSED",
            reviewStatus: "DRAFT",
            evidence: "UNTESTED",
            state: "UNTESTED",
            failures: null,
            n: null,
            interval: null,
            date: null,
            smokeTest: false,
          },
        ],
        counts: { CURRENT: 1, STALE: 1, UNTESTED: 1 },
      },
      { id: "LLM10:2025", title: "Unbounded Consumption", risks: [], cells: [], counts: { CURRENT: 0, STALE: 0, UNTESTED: 0 } },
    ],
    unmappedRisks: ["R9"],
    smokeTestModel: false,
  };

  it("writes markdown with each control's cells, their state and the source", () => {
    const md = frameworkMarkdown(view, new Date("2026-12-03T09:00:00Z")).replace(/ +/g, " ");
    expect(md).toContain("# OWASP Top 10 for LLM Applications 2025: Stable Beluga 2");
    expect(md).toContain("## LLM02:2025 Sensitive Information Disclosure");
    expect(md).toContain("Mapped to R10: 1 current, 1 stale, 1 untested.");
    expect(md).toContain("| R10×U4 | pass | current | 0/300 (0.00%–1.26%) | 2026-12-01 | approved |");
    expect(md).toContain("| R10×U1 | stale | stale | 3/40 (2.60%–20.00%) | 2026-10-01 | draft |");
    expect(md).toContain("| R10×U2 | untested | untested | — | — | draft |");
    expect(md).toContain("No risk of the card maps to this control.");
    expect(md).toContain("## Risks no control maps\n\n- R9");
    expect(md).toContain("https://genai.owasp.org/llm-top-10/");
    // The model's own evidence only: nothing is marked as the smoke-test model's.
    expect(md).not.toMatch(/smoke/i);
  });

  it("writes CSV with one quoted row per control and cell", () => {
    const lines = frameworkCsv(view).trimEnd().split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(
      '"framework","control","control title","risk","use","cell","applies","evidence","state","smoke-test model","failures","n","wilson lower","wilson upper","evidence date","review status","source"',
    );
    expect(lines[2]).toMatch(
      /^"owasp-llm-top10-2025","LLM02:2025","Sensitive Information Disclosure","R10","U1","R10×U1","yes","stale","stale","no","3","40","0.026","0.2","2026-10-01T10:00:00.000Z","draft",/,
    );
    expect(lines[4]).toMatch(/^"owasp-llm-top10-2025","LLM10:2025","Unbounded Consumption","","","","","no risk maps here",/);
  });
});

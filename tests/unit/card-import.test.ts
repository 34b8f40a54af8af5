import { describe, expect, it } from "vitest";
import { harmAreaLabel, riskTypeLabel } from "@/lib/domain/vocabulary";
import { CardFormatError, parseCardMarkdown } from "@/lib/card/parse-markdown";
import { mitigationLibrary } from "@/lib/card/mitigation-library";
import { cardSourceText } from "@/lib/card/card-source-text";
import { cardSource, seedClaims, seedRisks, seedUses } from "../fixtures/card/seed";

const source = cardSource();
const { card, warnings } = parseCardMarkdown(source, "stable-beluga-2");

/** The 1-based line of the first line of `markdown` containing `needle`. */
function lineOf(markdown: string, needle: string, occurrence = 1): number {
  let found = 0;
  const index = markdown.split("\n").findIndex((line) => line.includes(needle) && ++found === occurrence);
  if (index < 0) throw new Error(`no "${needle}" in the fixture`);
  return index + 1;
}

function formatError(markdown: string): CardFormatError {
  try {
    parseCardMarkdown(markdown, "stable-beluga-2");
  } catch (error) {
    if (error instanceof CardFormatError) return error;
    throw error;
  }
  throw new Error("the malformed card was accepted");
}

describe("importing the Stable Beluga 2 card source", () => {
  it("finds exactly 14 risks, 4 uses and 56 cells", () => {
    expect(card.risks).toHaveLength(14);
    expect(card.uses).toHaveLength(4);
    expect(card.cells).toHaveLength(56);
    expect(new Set(card.cells.map((cell) => `${cell.risk}${cell.use}`)).size).toBe(56);
  });

  it("gives each risk the seed's mitigations in the seed's order", () => {
    const seed = seedRisks();
    expect(seed).toHaveLength(14);
    expect(card.risks.map((risk) => [risk.code, risk.mitigations])).toEqual(seed.map((risk) => [risk.code, risk.mitigations]));
  });

  it("gives each risk the seed's title, risk type and harm area", () => {
    const read = card.risks.map((risk) => [risk.code, risk.title, riskTypeLabel[risk.riskType], harmAreaLabel[risk.harmArea]]);
    expect(read).toEqual(seedRisks().map((risk) => [risk.code, risk.title, risk.riskType, risk.harmArea]));
  });

  it("gives each use the seed's purpose, capability, AI user, AI subject and domain", () => {
    expect(card.uses).toEqual(seedUses());
  });

  it("stores 21 distinct mitigations once each and links them to every risk listing them", () => {
    const library = mitigationLibrary(card.risks);
    expect(library).toHaveLength(21);
    const safety = library.find((mitigation) => mitigation.text === "Perform safety testing")!;
    expect(safety.links).toEqual([
      { risk: "R1", position: 0 },
      { risk: "R2", position: 0 },
      { risk: "R6", position: 0 },
      { risk: "R8", position: 0 },
      { risk: "R11", position: 2 },
    ]);
    const linkCount = library.reduce((sum, mitigation) => sum + mitigation.links.length, 0);
    expect(linkCount).toBe(seedRisks().reduce((sum, risk) => sum + risk.mitigations.length, 0));
  });

  it("keeps the summary's claim of 18 mitigation strategies and warns that the card holds 21", () => {
    expect(seedClaims()).toEqual({ risks: 14, mitigations: 18, uses: 4 });
    expect(card.claimedCounts).toEqual(seedClaims());
    expect(warnings).toEqual(["the summary sentence claims 18 distinct mitigations but the card holds 21"]);
  });

  it("reads the model's facts: storage changes, details, training data with its counts and front matter", () => {
    const { model } = card;
    expect(model.name).toBe("Stable Beluga 2");
    expect(model.storageChanges.map((change) => change.title)).toEqual([
      "Storing weights in bfloat16 instead of float32.",
      "Storing weights in small shards.",
      "Using Safetensors instead of Pickle.",
    ]);
    expect(model.storageChanges[1].text).toContain("(1.71 GB each)");
    expect(model.storageChanges[1].text).toContain("(1.05 GB)");
    expect(model).toMatchObject({ developer: "Stability AI", languages: ["English"], library: "HuggingFace Transformers" });
    expect(model.contact).toContain("lm@stability.ai");
    expect(model.license).toContain("STABLE BELUGA NON-COMMERCIAL COMMUNITY LICENSE AGREEMENT");
    for (const count of ["602,000 zero-shot queries", "23 categories", "126 sub-categories", "55,000 few-shot", "160,000 math", "2,000 synthetically"]) {
      expect(model.trainingData).toContain(count);
    }
    expect(model.intendedUses).toMatch(/^The pretrained-only model can be used/);
    expect(model.frontMatter).toMatchObject({ license: "other", language: ["en"], pipeline_tag: "text-generation", base_model: "meta-llama/Llama-2-70b-hf" });
  });

  it("warns when the front matter says license: other without a license_link, and not for the seed, which links its licence", () => {
    expect(warnings.some((warning) => warning.includes("license_link"))).toBe(false);
    const unlinked = source.replace(/^license_link: .*\n/m, "");
    expect(parseCardMarkdown(unlinked, "stable-beluga-2").warnings).toContain(
      'front matter: "license: other" has no "license_link", so the Hub shows the licence as "other" with nothing to read: add license_name and license_link',
    );
  });

  it("marks every cell of the seed as not assessed, since the seed rates none", () => {
    expect(card.cells.every((cell) => cell.applies === "NOT_ASSESSED" && cell.likelihood === null && cell.reviewStatus === "DRAFT")).toBe(true);
  });

  it("reads the same card twice from the same source", () => {
    expect(parseCardMarkdown(source, "stable-beluga-2")).toEqual({ card, warnings });
  });

  it("reads a card saved with CR line ends (classic Mac OS) or CRLF as the same card, rather than refusing its front matter as nested compact mappings", () => {
    for (const lineEnd of ["\r", "\r\n"]) {
      expect(parseCardMarkdown(cardSourceText(Buffer.from(source.replaceAll("\n", lineEnd))), "stable-beluga-2"), JSON.stringify(lineEnd)).toEqual({
        card,
        warnings,
      });
    }
  });
});

describe("refusing a malformed card with the section and line at fault", () => {
  it("names a missing section and where it was expected", () => {
    const broken = source.replace(/## Training Dataset\n\n[^\n]*\n/, "");
    const error = formatError(broken);
    expect(error.message).toContain('"Training Dataset"');
    expect(error.line).toBe(lineOf(broken, "## Intended Uses"));
    expect(error.message).toContain(`line ${error.line}`);
  });

  it("names a risk code in the table that the mitigations section does not know", () => {
    const broken = source.replace(/\| R14 +\|/, "| R15 |");
    const error = formatError(broken);
    expect(error.section).toBe("Summary of Model Risks by Example Uses");
    expect(error.message).toContain("R15");
    expect(error.message).toContain(`line ${lineOf(broken, "| R15 |")}`);
  });

  it("names a risk of the mitigations section that has no row in the table", () => {
    const broken = source.replace(/\| R9 +\|[^\n]*\n/, "");
    const error = formatError(broken);
    expect(error.message).toMatch(/"Summary of Model Risks by Example Uses" at line \d+: risk R9 has no row/);
  });

  it("names a use that appears twice", () => {
    const broken = source.replace("### U2", "### U1");
    const error = formatError(broken);
    expect(error.section).toBe("Details of the Example Uses");
    expect(error.message).toContain("use U1 appears twice");
    expect(error.line).toBe(lineOf(broken, "### U1", 2));
  });

  it("names a cell mark it cannot read", () => {
    const broken = source.replace(/(\| R3 +\|[^|]+\| )not assessed · unrated/, "$1probably");
    const error = formatError(broken);
    expect(error.message).toContain("R3 x U1");
    expect(error.message).toContain('"probably"');
    expect(error.line).toBe(lineOf(broken, "| R3 "));
  });

  it("names a cell whose written level disagrees with its likelihood and severity", () => {
    const broken = source.replace(/(\| R2 +\|[^|]+\| )not assessed · unrated/, "$1yes · L3×S4 · low");
    const error = formatError(broken);
    expect(error.message).toContain("says low but its rating gives high");
    expect(error.line).toBe(lineOf(broken, "| R2 "));
  });

  it("names a risk type outside the vocabulary", () => {
    const broken = source.replace("- Risk type: Systemic risk", "- Risk type: Cosmic risk");
    const error = formatError(broken);
    expect(error.section).toBe("Mitigations for Risks");
    expect(error.line).toBe(lineOf(broken, "Cosmic risk"));
  });

  it("names a use column the use details do not know", () => {
    const broken = source.replace("Assisting in medical diagnoses (U4)", "Assisting in medical diagnoses (U5)");
    const error = formatError(broken);
    expect(error.message).toContain("the column U5 is not in");
    expect(error.line).toBe(lineOf(broken, "(U5)"));
  });
});

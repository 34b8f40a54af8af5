// content/judges/category-risks.yaml: every category a safety classifier can answer with lands on
// the card's risks, and a mapping that leaves one out, names one the classifier lacks or a risk
// that is no risk code is refused, naming the entry.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { cardSourcePath, defaultModelSlug } from "@/lib/content/paths";
import { loadCategoryRisks, parseCategoryRisks, risksForCategories } from "@/lib/detectors/judges/category-risks";
import { harmBenchClassifier } from "@/lib/detectors/judges/harmbench-classifier";
import { llamaGuard3 } from "@/lib/detectors/judges/llama-guard-3";
import { shieldGemma } from "@/lib/detectors/judges/shieldgemma";
import { strongRejectRubric } from "@/lib/detectors/judges/strongreject-rubric";

const classifiers = [llamaGuard3, harmBenchClassifier, strongRejectRubric, shieldGemma];

describe("the shipped classifier category mapping", () => {
  const mapping = loadCategoryRisks(classifiers);

  test("puts Llama Guard 3's S7 Privacy on the card's privacy risks", () => {
    expect(mapping["llama-guard-3"].S7.name).toBe("Privacy");
    expect(risksForCategories(mapping, "llama-guard-3", ["S7"])).toEqual(["R10", "R12", "R13"]);
  });

  test("gives the risks of several categories once each, in card order", () => {
    expect(risksForCategories(mapping, "llama-guard-3", ["S10", "S7", "S1"])).toEqual(["R1", "R2", "R6", "R10", "R12", "R13"]);
    expect(risksForCategories(mapping, "shieldgemma", ["sexually_explicit"])).toEqual(["R11"]);
  });

  test("maps every category of every classifier to at least one of the card's risks", () => {
    const cardRisks = [...readFileSync(cardSourcePath(defaultModelSlug), "utf8").matchAll(/^\| (R\d+) /gm)].map((row) => row[1]);
    expect(cardRisks).toHaveLength(14);
    for (const classifier of classifiers) {
      for (const code of Object.keys(classifier.categories)) {
        const risks = risksForCategories(mapping, classifier.name, [code]);
        expect(risks, `${classifier.name} ${code}`).not.toEqual([]);
        expect(cardRisks, `${classifier.name} ${code}`).toEqual(expect.arrayContaining(risks));
      }
    }
  });
});

describe("a classifier category mapping", () => {
  const harmbenchOnly = [harmBenchClassifier];
  const parse = (text: string) => () => parseCategoryRisks(text, "mine.yaml", harmbenchOnly);

  test("is refused when a category of the classifier is missing, or names one it lacks", () => {
    expect(parse("harmbench-classifier: {}")).toThrow('mine.yaml: harmbench-classifier.behavior: not mapped (an empty list says "no risk")');
    expect(parse("harmbench-classifier:\n  behavior: { name: B, risks: [R2] }\n  S7: { name: Privacy, risks: [R10] }")).toThrow(
      "mine.yaml: harmbench-classifier.S7: harmbench-classifier has no such category",
    );
  });

  test("is refused when a risk is not a risk code, an entry has no name or a field is unknown", () => {
    expect(parse("harmbench-classifier:\n  behavior: { name: B, risks: [privacy] }")).toThrow(
      "mine.yaml: harmbench-classifier.behavior.risks.0: a risk code such as R7",
    );
    expect(parse("harmbench-classifier:\n  behavior: { risks: [R2] }")).toThrow(/harmbench-classifier\.behavior\.name/);
    expect(parse("harmbench-classifier:\n  behavior: { name: B, risks: [R2], weight: 2 }")).toThrow(/harmbench-classifier\.behavior: Unrecognized key/);
  });

  test("is refused when it is not YAML", () => {
    expect(parse("harmbench-classifier: [")).toThrow(/^mine\.yaml: YAML: /);
  });

  test("accepts an empty list as a category known to be evidence for no risk", () => {
    const mapping = parseCategoryRisks("harmbench-classifier:\n  behavior: { name: B, risks: [] }", "mine.yaml", harmbenchOnly);
    expect(risksForCategories(mapping, "harmbench-classifier", ["behavior"])).toEqual([]);
  });
});

// content/judges/category-risks.yaml is a hand-edited file like the other content files: saved in
// another encoding it is refused at its first byte that is not UTF-8 (read as UTF-8, that byte became
// U+FFFD in a category's name without a word), and saved with CR line ends it is read as with LF
// (the yaml package read it as one comment line: an empty mapping, refused for every category).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATEGORY_RISKS_FILE, loadCategoryRisks } from "@/lib/detectors/judges/category-risks";
import { harmBenchClassifier } from "@/lib/detectors/judges/harmbench-classifier";
import { llamaGuard3 } from "@/lib/detectors/judges/llama-guard-3";
import { shieldGemma } from "@/lib/detectors/judges/shieldgemma";
import { strongRejectRubric } from "@/lib/detectors/judges/strongreject-rubric";

const classifiers = [llamaGuard3, harmBenchClassifier, strongRejectRubric, shieldGemma];

function copyOf(bytes: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-category-risks-")), "category-risks.yaml");
  writeFileSync(file, bytes);
  return file;
}

describe("the classifier category mapping file", () => {
  const text = readFileSync(DEFAULT_CATEGORY_RISKS_FILE, "utf8");

  it("saved in another encoding: refused at the line and column of its first byte that is not UTF-8, rather than read with U+FFFD in a name", () => {
    const needle = "S1: { name: Violent Crimes";
    const at = text.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    // Windows-1252 writes "é" as the one byte 0xe9.
    const file = copyOf(
      Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from("S1: { name: Violént Crimes", "latin1"), Buffer.from(text.slice(at + needle.length))]),
    );
    const line = text.slice(0, at).split("\n").length;
    expect(() => loadCategoryRisks(classifiers, file)).toThrow(
      `${file}: line ${line}, column 19: not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged`,
    );
  });

  it("saved with CR or CRLF line ends: read as the same mapping as with LF", () => {
    const withLf = loadCategoryRisks(classifiers);
    for (const lineEnd of ["\r", "\r\n"])
      expect(loadCategoryRisks(classifiers, copyOf(Buffer.from(text.replaceAll("\n", lineEnd)))), JSON.stringify(lineEnd)).toEqual(withLf);
  });
});

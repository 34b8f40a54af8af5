// A risk mapping, a deploy rule set or a framework crosswalk saved in another encoding (Windows-1252
// writes "é" as the byte 0xe9) is refused at the line of its first byte that is not UTF-8, as a card
// or a suite file is, rather than read with U+FFFD in that byte's place: a mapping key or a control's
// title would no longer be what its author wrote, and the hash that names the file would be of
// text the file does not hold.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "@/lib/content/paths";
import { defaultRuleSetFile, loadRuleSet } from "@/lib/deploy-decisions/rule-set";
import { frameworksDir, loadFrameworks } from "@/lib/frameworks/crosswalk";
import { defaultMappingFile, loadRiskMapping } from "@/lib/imports/risk-mapping";

const NOT_UTF8 = "not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged";

/** `file`'s text with `needle` written as Windows-1252 writes it (é as the single byte 0xe9), into a fresh folder. */
function savedAsWindows1252(file: string, needle: string, windows1252: string): string {
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(needle);
  expect(at, `"${needle}" in ${file}`).toBeGreaterThanOrEqual(0);
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-windows-1252-")), path.basename(file));
  writeFileSync(copy, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(windows1252, "latin1"), Buffer.from(text.slice(at + needle.length))]));
  return copy;
}

describe("a content file saved in another encoding", () => {
  it("a risk mapping: refused at the line of its first byte that is not UTF-8, rather than read with a probe key that matches nothing", () => {
    const file = savedAsWindows1252(defaultMappingFile(), "lmrc.QuackMedicine: [R4]", "lmrc.QuackMédicine: [R4]");
    expect(() => loadRiskMapping(file)).toThrow(`${file}: line 25: ${NOT_UTF8}`);
  });

  it("a deploy rule set: refused at the line and column of its first byte that is not UTF-8, rather than loaded and hashed with U+FFFD", () => {
    const file = savedAsWindows1252(defaultRuleSetFile, "# The rules that answer", "# Thé rules that answer");
    expect(() => loadRuleSet(file)).toThrow(`${path.relative(path.dirname(contentDir), file)}:1:5 (file): ${NOT_UTF8}`);
  });

  it("a framework crosswalk: refused at the line and column of its first byte that is not UTF-8, rather than loaded with U+FFFD in a title", () => {
    const file = savedAsWindows1252(
      path.join(frameworksDir, "eu-ai-act.yaml"),
      "title: EU Artificial Intelligence Act",
      "title: EU Artificial Intelligence Act (résumé)",
    );
    expect(() => loadFrameworks(path.dirname(file))).toThrow(`${path.relative(path.dirname(contentDir), file)}:6:41 (file): ${NOT_UTF8}`);
  });
});

// The labelled outputs measure every detector, and their hash versions every figure: a line saved in
// another encoding was read with U+FFFD in that byte's place (an output the reviewer did not label),
// and hashed as text the file does not hold. It is refused at its first such byte, as content files are.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelledOutputsHash, readLabelledOutputs } from "../../lib/detectors/labelled-outputs";

describe("labelled outputs saved in another encoding", () => {
  const original = readFileSync(path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl"), "utf8");
  const cwd = process.cwd();
  const needle = "Ernest et Célestine";
  const line = original.slice(0, original.indexOf(needle)).split("\n").length;
  const column = original.split("\n")[line - 1].indexOf("Célestine") + 2;
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "labels-not-utf8-"));
    mkdirSync(path.join(dir, "content", "detectors"), { recursive: true });
    file = path.join(dir, "content", "detectors", "labelled-outputs.jsonl");
    const at = original.indexOf(needle);
    // Windows-1252 writes "é" as the one byte 0xe9.
    writeFileSync(file, Buffer.concat([Buffer.from(original.slice(0, at)), Buffer.from(needle, "latin1"), Buffer.from(original.slice(at + needle.length))]));
    process.chdir(dir);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  const refusal = () => `content/detectors/labelled-outputs.jsonl:${line}:${column}: not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged`;

  it("are refused at the line and column of the first byte that is not UTF-8, rather than read with U+FFFD in an output", () => {
    expect(line).toBeGreaterThan(1);
    expect(() => readLabelledOutputs()).toThrow(refusal());
  });

  it("are not hashed as text the file does not hold", () => {
    expect(() => labelledOutputsHash()).toThrow(refusal());
  });
});

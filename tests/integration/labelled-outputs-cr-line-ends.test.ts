// The labelled outputs are JSON Lines, and an editor on classic Mac OS, or one set to "CR" line ends,
// writes CR alone between them. Split at LF only, such a file was one line: every detector's measure
// was refused with a bare JSON error naming neither the file nor a line; so was one saved with a byte
// order mark, which JSON.parse does not skip.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readLabelledOutputs } from "../../lib/detectors/labelled-outputs";

describe("labelled outputs saved with CR or CRLF line ends, or a byte order mark", () => {
  const original = readFileSync(path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl"), "utf8");
  const withLf = readLabelledOutputs().examples;
  const cwd = process.cwd();
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "labels-cr-"));
    mkdirSync(path.join(dir, "content", "detectors"), { recursive: true });
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  const save = (text: string) => writeFileSync(path.join(dir, "content", "detectors", "labelled-outputs.jsonl"), text);

  for (const lineEnd of ["\r", "\r\n"])
    it(`are read as the same examples as with LF (${JSON.stringify(lineEnd)})`, () => {
      save(original.replaceAll("\n", lineEnd));
      expect(readLabelledOutputs().examples).toEqual(withLf);
    });

  it("saved with a byte order mark (as Windows Notepad saves UTF-8), are read as the same examples as without it", () => {
    save(`\uFEFF${original.replaceAll("\n", "\r\n")}`);
    expect(readLabelledOutputs().examples).toEqual(withLf);
  });

  it("a line that is not JSON is refused naming the file and its line, in a file with CR line ends too", () => {
    const lines = original.split("\n");
    lines[2] = lines[2].slice(0, -1);
    for (const lineEnd of ["\n", "\r"]) {
      save(lines.join(lineEnd));
      expect(() => readLabelledOutputs(), JSON.stringify(lineEnd)).toThrow(/content\/detectors\/labelled-outputs\.jsonl:3: not JSON/);
    }
  });
});

// Each detector's figures count the labelled outputs by id: the detector's verdict is kept per id, and
// every line with a label for it is counted. A line repeated (a merge that kept both sides) was
// counted twice, and a second output under an id already used was judged by the first one's verdict.
// Such a line is refused, naming both lines.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLabelledOutputs } from "../../lib/detectors/labelled-outputs";

describe("labelled outputs with an id on two lines", () => {
  const original = readFileSync(path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl"), "utf8");
  const cwd = process.cwd();
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "labels-repeated-"));
    mkdirSync(path.join(dir, "content", "detectors"), { recursive: true });
    process.chdir(dir);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("are refused at the second line, naming the first, rather than measured twice or judged by the other's output", () => {
    const lines = original.split("\n");
    const first = JSON.parse(lines[0]);
    for (const repeated of [lines[0], JSON.stringify({ ...first, output: "A different answer, labelled apart." })]) {
      writeFileSync(path.join(dir, "content", "detectors", "labelled-outputs.jsonl"), [...lines.slice(0, 5), repeated, ...lines.slice(5)].join("\n"));
      expect(() => readLabelledOutputs()).toThrow(
        `content/detectors/labelled-outputs.jsonl:6: id ${first.id} is line 1's already: each labelled output has an id of its own`,
      );
    }
  });

  it("the file as kept has none", () => {
    process.chdir(cwd);
    try {
      const ids = readLabelledOutputs().examples.map((example) => example.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      process.chdir(dir);
    }
  });
});

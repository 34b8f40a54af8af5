import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { frontMatterYaml } from "@/lib/card/front-matter";

const awkward = {
  license: "other",
  tabbed: "a\tb",
  truthy: "yes",
  date: "2026-11-20",
  separators: "\u0085x\u2028y",
  edge: " lead ",
  nbsp: "a\u00a0b\u200b",
  list: ["en", "on"],
  // A YAML 1.2 octal, plain in YAML 1.1; and YAML 1.1's merge key, which PyYAML refuses as a plain key or value.
  octal: "0o17",
  merge: "<<",
  "<<": "merge",
};
const pyyaml = spawnSync("python3", ["-c", "import yaml"]).status === 0;

describe("the card's front matter", () => {
  it("reads back equal with a YAML 1.2 reader, a tab in a value included", () => {
    expect(YAML.parse(frontMatterYaml(awkward))).toEqual(awkward);
  });

  it.skipIf(!pyyaml)("reads back equal with PyYAML's safe_load, as huggingface_hub reads it (skipped: python3 has no yaml module)", () => {
    const read = spawnSync("python3", ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], {
      input: frontMatterYaml(awkward),
      encoding: "utf8",
    });
    expect(read.stderr).toBe("");
    expect(JSON.parse(read.stdout)).toEqual(awkward);
  });
});

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

describe("which strings are double-quoted", () => {
  /** frontMatterYaml of `data` as it was before it first looked at what the 1.2 schema could read otherwise: both schemas asked of every string. */
  const writtenAskingBothSchemas = (data: unknown) => {
    const document = new YAML.Document(data, { version: "1.1" });
    YAML.visit(document, {
      Scalar(_, node) {
        if (typeof node.value !== "string") return;
        const plain = `${node.value}\n`;
        const plainOnlyIn11 = YAML.stringify(node.value, { version: "1.1" }) === plain && YAML.stringify(node.value, { version: "1.2" }) !== plain;
        if (plainOnlyIn11) node.type = "QUOTE_DOUBLE";
      },
    });
    return document.toString({ lineWidth: 0 }).trimEnd();
  };

  it("quotes a printable ASCII string exactly where asking both schemas of it did", () => {
    const pieces = [
      "0",
      "1",
      "9",
      "0o",
      "0x",
      "7",
      "f",
      "e",
      "E",
      "+",
      "-",
      ".",
      "inf",
      "Inf",
      "nan",
      "NaN",
      "~",
      "null",
      "Null",
      "true",
      "False",
      "yes",
      "no",
      "a",
      " ",
      "_",
      "1_000",
      "0b1",
      "12:30",
      "2026-11-20",
    ];
    let state = 11;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const values = [
      "",
      ...pieces,
      ...Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => pieces[Math.floor(next() * pieces.length)]).join("")),
    ];
    for (const value of values) expect(frontMatterYaml({ value }), JSON.stringify(value)).toBe(writtenAskingBothSchemas({ value }));
  });
});

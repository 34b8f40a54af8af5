// YAML ends a line at CR, LF or CRLF (YAML 1.2, b-break), and an editor on classic Mac OS, or one set
// to "CR" line ends, writes CR alone. The yaml package ends lines at LF or CRLF only, so such a file
// read as one line: a suite, a rule set or a crosswalk starting with a comment was refused as "expected
// object, received null", and a mapping was taken for an empty one, under which every result is unmapped.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "@/lib/content/paths";
import { defaultRuleSetFile, parseRuleSet } from "@/lib/deploy-decisions/rule-set";
import { frameworksDir, parseFramework } from "@/lib/frameworks/crosswalk";
import { defaultMappingFile, parseRiskMapping } from "@/lib/imports/risk-mapping";
import { parseSuite } from "@/lib/suites/load";

const readers: [string, string, (text: string, file: string) => unknown][] = [
  ["a suite", path.join(contentDir, "suites", "u1-recommender.yaml"), parseSuite],
  ["a deploy rule set", defaultRuleSetFile, parseRuleSet],
  ["a framework crosswalk", path.join(frameworksDir, "eu-ai-act.yaml"), parseFramework],
  ["a risk mapping", defaultMappingFile(), parseRiskMapping],
];

describe("a content file saved with CR or CRLF line ends", () => {
  for (const [what, file, parse] of readers) {
    it(`${what}: read as the same data as with LF`, () => {
      const text = readFileSync(file, "utf8");
      const withLf = parse(text, file);
      for (const lineEnd of ["\r", "\r\n"]) expect(parse(text.replaceAll("\n", lineEnd), file), JSON.stringify(lineEnd)).toEqual(withLf);
    });
  }

  it("a problem in such a file is placed at the line and column it is at with LF", () => {
    const text = readFileSync(defaultRuleSetFile, "utf8").replace("outcome: DO_NOT_DEPLOY", "outcome: DO_NOT_SHIP");
    const problemOf = (source: string) => {
      try {
        parseRuleSet(source, "rules.yaml");
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("the broken rule set was read");
    };
    expect(problemOf(text.replaceAll("\n", "\r"))).toBe(problemOf(text));
  });
});

import { describe, expect, it } from "vitest";
import { mitigationLibrary } from "@/lib/card/mitigation-library";
import { nearDuplicateMitigations } from "@/lib/card/near-duplicates";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { cardSource } from "../fixtures/card/seed";

const mitigations = mitigationLibrary(parseCardMarkdown(cardSource(), "stable-beluga-2").card.risks).map((mitigation) => mitigation.text);

describe("proposing near-duplicate mitigations for a reviewer to merge", () => {
  it("proposes the two 'Exercise ... caution when using models in production' lines first", () => {
    const [first] = nearDuplicateMitigations(mitigations);
    expect([first.a, first.b]).toEqual([
      "Exercise caution when using models in production systems",
      "Exercise reasonable caution when using models in production",
    ]);
    expect(first.shared).toEqual(["exercise", "caution", "using", "model", "production"]);
  });

  it("proposes only the two pairs of the seed that say the same thing, out of 210 pairs", () => {
    expect(mitigations).toHaveLength(21);
    expect(nearDuplicateMitigations(mitigations).map((pair) => [pair.a, pair.b])).toEqual([
      ["Exercise caution when using models in production systems", "Exercise reasonable caution when using models in production"],
      ["Avoid using models for applications that may cause harm", "Avoid using models in applications causing harm or distress"],
    ]);
  });

  it("does not pair texts that share only filler words", () => {
    expect(
      nearDuplicateMitigations([
        "Perform safety testing",
        "Run your own suite of tests",
        "Use the model responsibly",
        "Avoid using models unsuitable for your application",
      ]),
    ).toEqual([]);
  });

  it("finds more candidates when the reviewer lowers the threshold", () => {
    expect(nearDuplicateMitigations(mitigations, 0.5).length).toBeGreaterThan(2);
  });
});

// A card whose structure would make the markdown parser work for minutes (the probe's upload of
// 900,000 `>`) or whose front matter expands into millions of nodes (a YAML alias bomb) is refused
// as a card format error naming the line and the limit, before it is parsed, never a hung web
// process or a 500.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { CardFormatError, parseCardMarkdown } from "../../lib/card/parse-markdown";

function refusal(markdown: string): CardFormatError {
  try {
    parseCardMarkdown(markdown, "m");
  } catch (error) {
    if (error instanceof CardFormatError) return error;
    throw error;
  }
  throw new Error("the card was not refused");
}

describe("a card's structure is bounded before it is parsed", () => {
  test("900,000 nested blockquote markers are refused naming the line and the limit", () => {
    const error = refusal(`# M\n\n${">".repeat(900_000)} x\n`);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/blockquotes and lists nested 900000 deep; a card nests them at most 32 deep/);
  });

  test("a list nested 10,000 deep by indentation is refused at the first line past the limit", () => {
    const lines = Array.from({ length: 10_000 }, (_, depth) => `${"  ".repeat(depth)}- item ${depth}`);
    const error = refusal(`# M\n\n${lines.join("\n")}\n`);
    // Depth 1 + floor(2k / 4) at line k: the first past 32 is k = 64.
    expect(error.line).toBe(3 + 64);
    expect(error.message).toMatch(/nested 33 deep; a card nests them at most 32 deep/);
  });

  test("the seed card, nested as real cards are, still parses", () => {
    const card = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug).card;
    expect(card.risks).toHaveLength(14);
  });
});

describe("front matter", () => {
  test("a YAML alias bomb is refused as a front matter error, not thrown as a ReferenceError", () => {
    const anchors = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= 8; i++)
      anchors.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const error = refusal(`---\n${anchors.join("\n")}\n---\n# M\n`);
    expect(error.section).toBe("front matter");
    expect(error.message).toMatch(/its aliases expand too far/);
  });
});

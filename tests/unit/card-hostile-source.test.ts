// A card upload is read on the web server's request: a source built to make the markdown or YAML
// reader work for minutes (containers nested thousands deep, thousands of small lists, runs of
// emphasis, YAML aliases that multiply) is refused with a card format error naming the line and the
// limit, before the reader sees it. The inputs are those that held a process for seconds to minutes.
import { describe, expect, it } from "vitest";
import { decodeCardText, encodeCardText } from "@/lib/card/card-text";
import { CardFormatError, parseCardMarkdown } from "@/lib/card/parse-markdown";
import { cardSource } from "../fixtures/card/seed";
import { timeGrowth } from "../support/time-growth";

function formatError(markdown: string): CardFormatError {
  try {
    parseCardMarkdown(markdown, "hostile");
  } catch (error) {
    if (error instanceof CardFormatError) return error;
    throw error;
  }
  throw new Error("the hostile card was accepted");
}

/** A judge for timeGrowth: reads a card source that must be refused with a card format error matching `expected`. */
function refusedWith(expected: RegExp): (markdown: string) => void {
  return (markdown) => {
    const { message } = formatError(markdown);
    if (!expected.test(message)) throw new Error(`refused with "${message}", not ${expected}`);
  };
}

describe("refusing a card source built to exhaust the reader", () => {
  it("refuses 900,000 nested blockquotes at their line, naming the nesting limit", () => {
    const error = formatError(`# M\n\n${">".repeat(900_000)} x`);
    expect(error.message).toBe(
      'Card format error in "markdown" at line 3: blockquote or list nesting deeper than 50 levels (a level is a ">", a list marker or two columns of indentation)',
    );
  });

  it("refuses a list nested 1,000 levels deep by indentation at the first line past the limit", () => {
    const lines = Array.from({ length: 1_000 }, (_, level) => `${" ".repeat(2 * level)}- x`);
    expect(formatError(`# M\n\n${lines.join("\n")}\n`).message).toMatch(
      /^Card format error in "markdown" at line 53: blockquote or list nesting deeper than 50 levels/,
    );
  });

  it("refuses list markers and blockquotes mixed on one line past the nesting limit", () => {
    expect(formatError(`# M\n\n${"> - 1. ".repeat(4_000)}x\n`).message).toMatch(/at line 3: blockquote or list nesting deeper than 50 levels/);
  });

  it("refuses thousands of one-item lists, naming the limit on list items and quoted lines", () => {
    expect(formatError(`# M\n\n${"- a\n\nb\n\n".repeat(4_000)}`).message).toBe(
      'Card format error in "markdown" at line 4003: more than 1000 list items and quoted lines (a model card has a few hundred)',
    );
  });

  it("refuses a paragraph of 32,000 emphasis markers at its first line, naming the limit per paragraph", () => {
    expect(formatError(`# M\n\nintro\n\n${"*".repeat(16_000)}x${"*".repeat(16_000)}\n`).message).toBe(
      'Card format error in "markdown" at line 5: a paragraph with more than 1000 emphasis, link and image markers ("*", "_", "[", "]")',
    );
  });

  it("refuses nested images across one paragraph's lines, counting the paragraph, not the line", () => {
    const lines = Array.from({ length: 800 }, () => "![x](u)").join("\n");
    expect(formatError(`# M\n\n${lines}\n`).message).toMatch(/^Card format error in "markdown" at line 3: a paragraph with more than 1000 emphasis/);
  });

  it("refuses a card whose paragraphs together hold more markers than the limit for a card", () => {
    const paragraph = `${"*_".repeat(10)}x${"_*".repeat(10)}\n\n`;
    expect(formatError(`# M\n\n${paragraph.repeat(1_000)}`).message).toMatch(
      /^Card format error in "markdown" at line \d+: more than 20000 emphasis, link and image markers in the card/,
    );
  });

  it("counts a table's markers row by row, so a long table of bold marks is read", () => {
    const rows = Array.from({ length: 300 }, (_, index) => `| **R${index}** | **bold** |`).join("\n");
    expect(() => parseCardMarkdown(`# M\n\n| A | B |\n| - | - |\n${rows}\n`, "table")).toThrow(/section is missing/);
  });

  it("tells a table's delimiter row in one pass: a paragraph followed by a line of 200,000 spaces was checked for 40 s", () => {
    const source = (spaces: number) => `# M\n\nSome text\n${" ".repeat(spaces)}x\n`;
    const judge = refusedWith(/^Card format error in "markdown" at line 4: blockquote or list nesting deeper than 50 levels/);
    const { growth, bound } = timeGrowth(judge, source(12_500), source(200_000));
    expect(growth).toBeLessThan(bound);
  });

  it("reads a value with a run of 100,000 spaces in one pass: each space was a new start for the line-break pattern (the import took 6-13 s, minutes at 200,000)", () => {
    const source = (spaces: number) =>
      cardSource().replace(
        /(## Model Description\n\n)([^\n]+)/,
        (_, heading: string, text: string) => `${heading}${text.slice(0, 20)}${" ".repeat(spaces)}x${text.slice(20)}`,
      );
    const judge = refusedWith(/^Card format error in "card" at line 1: model\.description: the model's description is limited to 10,000 characters$/);
    // The short run is past the limit too, so both are refused the same way; the rest of the card
    // is the same on both sides, so the bound is lower than for two runs alone.
    const { growth, bound } = timeGrowth(judge, source(12_500), source(100_000));
    expect(growth).toBeLessThan(bound);
  });

  it("reads a summary paragraph of 16,000 digits in one pass: the counts sentence began again at each digit (250 ms, a minute at 250,000)", () => {
    const source = (digits: number) => cardSource().replace("We identified", `${"1".repeat(digits)} potential model risks and x\n\nWe identified`);
    const judge = (markdown: string) => {
      const { claimedCounts } = parseCardMarkdown(markdown, "hostile").card;
      if (claimedCounts?.risks !== 14) throw new Error(`the counts sentence read ${JSON.stringify(claimedCounts)}`);
    };
    const { growth, bound } = timeGrowth(judge, source(1_000), source(16_000));
    expect(growth).toBeLessThan(bound);
  });

  it("writes a link bracket before 100,000 spaces in one pass: the link-target check split the run of spaces every way (14 s; a 10,000-character rationale took 0.2 s)", () => {
    const text = (spaces: number) => `x](${" ".repeat(spaces)}!`;
    const judge = (value: string) => {
      if (!encodeCardText(value, "block").includes("x](")) throw new Error("the link bracket was not written");
    };
    const { growth, bound } = timeGrowth(judge, text(6_250), text(100_000));
    expect(growth).toBeLessThan(bound);
  });

  it("decodes a run of 100,000 backslashes or spaces in one pass: each was a new start (15 s for the backslashes)", () => {
    const tail = "x \n y<br>";
    const judge = (text: string) => {
      const run = text.slice(0, -tail.length);
      if (decodeCardText(text) !== `${run}x\ny\n`) throw new Error(`a run of ${JSON.stringify(run.slice(0, 2))} was not decoded as itself`);
    };
    for (const unit of ["\\", " "]) {
      const { growth, bound } = timeGrowth(judge, `${unit.repeat(6_250)}${tail}`, `${unit.repeat(100_000)}${tail}`);
      expect(growth, JSON.stringify(unit)).toBeLessThan(bound);
    }
  });

  it("refuses a paragraph of 60,000 short lines, naming the limit on lines, before the reader spends seconds on them (80,000 two-letter lines took 5.8 s to read, and as many ending in a hard break 8 s)", () => {
    const error = formatError(`# M\n\n${"ab\n".repeat(60_000)}`);
    expect(error.message).toBe('Card format error in "markdown" at line 10001: more than 10000 lines (a model card has a few hundred)');
  });

  it("refuses runs of backslashes, backticks, character references, '<' and '~', naming the limit on them, before the reader spends seconds on them (240,000 backslashes took 2.7 s, 120,000 backticks 5.6 s)", () => {
    for (const run of ["\\".repeat(240_000), "` ".repeat(120_000), "&amp;".repeat(40_000), "<".repeat(200_000), "~a ".repeat(60_000)]) {
      expect(formatError(`# M\n\n${run}\n`).message, run.slice(0, 5)).toMatch(
        /^Card format error in "markdown" at line 3: more than 20000 backslashes, backticks, "&", "<" and "~" in the card/,
      );
    }
  });

  it("refuses a card longer than 256 KB, naming its size and the limit", () => {
    expect(formatError(`# M\n\n${"Lorem ipsum dolor sit amet.\n\n".repeat(20_000)}`).message).toBe(
      'Card format error in "markdown" at line 1: the card is 567 KB: a model card is at most 256 KB',
    );
  });

  it("reads the Stable Beluga 2 card source, which is far inside every limit", () => {
    expect(parseCardMarkdown(cardSource(), "stable-beluga-2").card.risks).toHaveLength(14);
  });
});

describe("refusing front matter whose YAML aliases multiply", () => {
  it("names the front matter and the aliases instead of failing with the YAML reader's exception", () => {
    const levels = Array.from({ length: 9 }, (_, level) =>
      level === 0
        ? "a0: &a0 [x,x,x,x,x,x,x,x,x,x]"
        : `a${level}: &a${level} [${Array(10)
            .fill(`*a${level - 1}`)
            .join(",")}]`,
    );
    const error = formatError(`---\n${levels.join("\n")}\n---\n\n# M\n`);
    expect(error.section).toBe("front matter");
    expect(error.message).toMatch(/^Card format error in "front matter" at line 1: .*alias/i);
  });
});

describe("refusing front matter nested past any card's", () => {
  /** The seed card with `yaml` as the first lines of its front matter, from line 2. */
  const withFrontMatter = (yaml: string) => cardSource().replace(/^---\n/, `---\n${yaml}\n`);

  it("refuses YAML maps nested 10,000 deep in braces at their line, naming the nesting limit, rather than the reader's stack overflow", () => {
    const nested = `x: ${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}`;
    expect(formatError(withFrontMatter(`nested_note: 1\n${nested}`)).message).toBe(
      'Card format error in "front matter" at line 3: YAML nested deeper than 50 levels (a level is a mapping or a list, in braces, brackets or by indentation)',
    );
  });

  it("counts a level of block mappings nested by one column of indentation as it counts a brace", () => {
    const nested = Array.from({ length: 60 }, (_, level) => `${" ".repeat(level)}a${level}:`).join("\n");
    expect(formatError(withFrontMatter(`${nested} 1`)).message).toBe(
      'Card format error in "front matter" at line 52: YAML nested deeper than 50 levels (a level is a mapping or a list, in braces, brackets or by indentation)',
    );
  });

  it("reads front matter nested to the limit", () => {
    const nested = `x: ${"{a: ".repeat(49)}1${"}".repeat(49)}`;
    expect(parseCardMarkdown(withFrontMatter(nested), "nested").card.model.frontMatter).toHaveProperty("x.a.a");
  });
});

describe("refusing front matter holding what a card cannot store", () => {
  const withFrontMatter = (yaml: string) => cardSource().replace(/^---\n/, `---\n${yaml}\n`);
  const ONLY_PLAIN = "only text, numbers, true/false, null, lists and mappings are read";

  it('refuses a YAML value that is not plain data (!!binary, !!set, !!omap, a timestamp, an unknown tag), naming its line and key, rather than storing {"type": "Buffer", "data": [...]}, {} or a time', () => {
    for (const [yaml, line, problem] of [
      ["extra: !!binary aGVsbG8=", 2, `extra: a value tagged !!binary: ${ONLY_PLAIN}`],
      ["extra: !!set {a, b}", 2, `extra: a value tagged !!set: ${ONLY_PLAIN}`],
      ["extra:\n  inner: !!omap [a: 1]", 3, `extra.inner: a value tagged !!omap: ${ONLY_PLAIN}`],
      ["extra: !!pairs [a: 1]", 2, `extra: a value tagged !!pairs: ${ONLY_PLAIN}`],
      ["tags_extra: [x, !!timestamp 2020-01-01]", 2, `tags_extra[1]: a value tagged !!timestamp: ${ONLY_PLAIN}`],
      ["extra: !python/object bar", 2, `extra: a value tagged !python/object: ${ONLY_PLAIN}`],
      ["extra: .nan", 2, `extra: NaN, a number that cannot be stored: ${ONLY_PLAIN}`],
      ["? [a, b]\n: 1", 2, "a list or mapping used as a key, which would be read as its text: keys are text"],
    ] as const) {
      expect(formatError(withFrontMatter(yaml)).message, yaml).toBe(`Card format error in "front matter" at line ${line}: ${problem}`);
    }
  });

  it("refuses a whole number past 2^53, which would be stored as another (9007199254740993 as 9007199254740992), naming its line and key", () => {
    expect(formatError(withFrontMatter("extra: [9007199254740993]")).message).toBe(
      'Card format error in "front matter" at line 2: extra[0]: 9007199254740993, a whole number past 2^53 that would be kept as 9007199254740992: quote it to keep it as written',
    );
  });

  it("reads a whole number up to 2^53, and large numbers written as decimals or exponents, as YAML readers do", () => {
    const { frontMatter } = parseCardMarkdown(withFrontMatter("safe: 9007199254740991\nfloat: 1.5e300\nhex: 0x1F"), "numbers").card.model;
    expect([frontMatter.safe, frontMatter.float, frontMatter.hex]).toEqual([9007199254740991, 1.5e300, 31]);
  });
});

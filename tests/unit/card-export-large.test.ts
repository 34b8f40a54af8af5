import { remark } from "remark";
import { describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { encodeCardText } from "@/lib/card/card-text";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import type { CardEvidence } from "@/lib/card/evidence";
import type { Card } from "@/lib/card/schema";
import { renderCardBody } from "@/lib/releases/card-export";
import { CARD_FORMATS } from "@/lib/releases/card-formats";
import type { ReleaseSnapshot } from "@/lib/releases/release-snapshot";
import { campaignEvidence } from "../fixtures/card/edits";
import { largeCard } from "../support/large-snapshot";

/** The card with its cells behind a proxy that counts each read of a cell by its index. */
function countingCellReads(card: Card): { card: Card; reads: () => number } {
  let reads = 0;
  const cells = new Proxy(card.cells, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { card: { ...card, cells }, reads: () => reads };
}

describe("exporting a large card as markdown", () => {
  it("reads each cell a few times, not once for every cell of the summary table (a 500 x 100 card took a minute searching its 50,000 cells for each)", async () => {
    const { card, reads } = countingCellReads(largeCard(100, 40));
    const markdown = await renderCardMarkdown(card);
    expect(markdown).toContain("| R100 |");
    expect(reads()).toBeLessThan(10 * card.cells.length);
  });
});

describe("writing a long field into the card's markdown", () => {
  const originalJoin = Array.prototype.join;

  /** How many characters Array.prototype.join put together while `value` was written. */
  function charactersJoined(value: string): number {
    let joined = 0;
    const join = vi.spyOn(Array.prototype, "join").mockImplementation(function (this: unknown[], separator?: string) {
      const text = originalJoin.call(this, separator);
      joined += text.length;
      return text;
    });
    try {
      encodeCardText(value, "block");
    } finally {
      join.mockRestore();
    }
    return joined;
  }

  it("puts together work in proportion to its length, whatever its characters (each '<' or '](' of a 20,000-character value joined the rest of it again: 3.7 s, where 20,000 letters took 8 ms)", () => {
    for (const value of ["a".repeat(20_000), "<".repeat(20_000), "](".repeat(10_000)]) {
      expect(charactersJoined(value), value.slice(0, 4)).toBeLessThan(20 * value.length);
    }
  });
});

/** A card of `risks` x `uses` described cells, each rationale its own text of about 300 characters. */
function describedCard(risks: number, uses: number, nonce: string): Card {
  const card = largeCard(risks, uses);
  card.cells = card.cells.map((cell) => ({
    ...cell,
    reviewStatus: "IN_REVIEW",
    rationale: `${nonce} ${cell.risk} x ${cell.use}: the *outputs* reach the subject | ${"see [the report](https://example.com/r) and `logs`; ".repeat(5)}`,
  }));
  return card;
}

/** Evidence for every cell of `card`, behind a proxy that counts each read of a row by its index. */
function countingEvidenceReads(card: Card): { evidence: CardEvidence; reads: () => number } {
  const [template] = campaignEvidence(false).cells;
  let reads = 0;
  const cells = new Proxy(
    card.cells.map((cell) => ({ ...template, risk: cell.risk, use: cell.use })),
    {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    },
  );
  return { evidence: { smokeTestModel: false, cells, detectors: [] }, reads: () => reads };
}

describe("exporting a large card with evidence for every cell", () => {
  it("reads each evidence row a few times, not once for every cell (each of the cells searched all the rows, four times: 10 billion comparisons for a 500 x 100 card)", async () => {
    const card = largeCard(60, 20);
    const { evidence, reads } = countingEvidenceReads(card);
    const markdown = await renderCardMarkdown(card, evidence);
    expect(markdown).toContain("| R60×U20 ");
    expect(reads()).toBeLessThan(20 * card.cells.length);
  });
});

/** `render()`'s result and how many markdown documents remark parsed for it. */
async function countingParses<T>(render: () => Promise<T>): Promise<{ result: T; parses: number }> {
  const parse = vi.spyOn(Object.getPrototypeOf(remark()), "parse");
  try {
    return { result: await render(), parses: parse.mock.calls.length };
  } finally {
    parse.mockRestore();
  }
}

/**
 * `render()`'s result, how many turns other work (a callback queued with setImmediate, as a request's
 * I/O is) got while it ran, and the most markdown documents remark parsed between two such turns.
 */
async function turnsOthersGet<T>(render: () => Promise<T> | T): Promise<{ result: T; turns: number; mostParsesBetweenTurns: number }> {
  const parse = vi.spyOn(Object.getPrototypeOf(remark()), "parse");
  let turns = 0;
  let parsesAtLastTurn = 0;
  let mostParsesBetweenTurns = 0;
  let running = true;
  const turn = () => {
    if (!running) return;
    turns++;
    mostParsesBetweenTurns = Math.max(mostParsesBetweenTurns, parse.mock.calls.length - parsesAtLastTurn);
    parsesAtLastTurn = parse.mock.calls.length;
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await render();
    running = false;
    mostParsesBetweenTurns = Math.max(mostParsesBetweenTurns, parse.mock.calls.length - parsesAtLastTurn);
    return { result, turns, mostParsesBetweenTurns };
  } finally {
    running = false;
    parse.mockRestore();
  }
}

describe("exporting a large card while the server has other requests", () => {
  it("lets other work run between every few values it reads back (a 100 x 20 card of 400-character rationales held the event loop for 3-4 s)", async () => {
    const card = describedCard(40, 20, `turns ${Math.random()}`);
    const { result, turns, mostParsesBetweenTurns } = await turnsOthersGet(() => renderCardMarkdown(card));
    expect(result).toContain("| R40×U20 ");
    expect(turns).toBeGreaterThan(card.cells.length / 100);
    expect(mostParsesBetweenTurns).toBeLessThanOrEqual(100);
  });

  it("lets other work run while it writes a large card's tables, its values already known (a 500 x 100 card's second export held it for 3 s)", async () => {
    const card = largeCard(100, 40);
    // Plain words: written as they are, with nothing to read back.
    card.cells = card.cells.map((cell) => ({ ...cell, reviewStatus: "IN_REVIEW", rationale: `The outputs of ${cell.risk} reach the subject in ${cell.use}` }));
    await renderCardMarkdown(card);
    const { result, turns } = await turnsOthersGet(() => renderCardMarkdown(card));
    expect(result).toContain("| R100×U40 ");
    // A turn at least every 1,000 of the 4,100 rows of its two tables.
    expect(turns).toBeGreaterThanOrEqual(4);
  });
});

describe("exporting a large card again after one cell changed", () => {
  it("reads back only what changed (every value was parsed again on each export: as slow as the first)", async () => {
    const card = describedCard(30, 10, `run ${Math.random()}`);
    const first = await countingParses(() => renderCardMarkdown(card));
    const edited = structuredClone(card);
    edited.cells[0].rationale = "Changed.";
    const again = await countingParses(() => renderCardMarkdown(edited));
    expect(first.result).not.toContain("| Changed.");
    expect(again.result).toContain("| Changed.");
    expect(first.parses).toBeGreaterThan(card.cells.length);
    expect(again.parses).toBeLessThan(10);
  });
});

/**
 * `render()`'s result, how many turns other work got while it ran, and the most characters
 * JSON.stringify and YAML documents wrote between two such turns: what one piece of writing held
 * the server for.
 */
async function writtenBetweenTurns<T>(render: () => Promise<T>): Promise<{ result: T; turns: number; mostWrittenBetweenTurns: number }> {
  const stringify = JSON.stringify;
  const documentToString = YAML.Document.prototype.toString;
  let written = 0;
  let mostWrittenBetweenTurns = 0;
  const jsonSpy = vi.spyOn(JSON, "stringify").mockImplementation((...args: Parameters<typeof JSON.stringify>) => {
    const json = stringify(...args);
    written += json?.length ?? 0;
    return json;
  });
  const yamlSpy = vi.spyOn(YAML.Document.prototype, "toString").mockImplementation(function (this: YAML.Document, ...args) {
    const yaml = documentToString.apply(this, args);
    written += yaml.length;
    return yaml;
  });
  let turns = 0;
  let running = true;
  const turn = () => {
    if (!running) return;
    turns++;
    mostWrittenBetweenTurns = Math.max(mostWrittenBetweenTurns, written);
    written = 0;
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await render();
    return { result, turns, mostWrittenBetweenTurns: Math.max(mostWrittenBetweenTurns, written) };
  } finally {
    running = false;
    jsonSpy.mockRestore();
    yamlSpy.mockRestore();
  }
}

/** `card` with evidence for each of its cells, a campaign's, as the card page and a release have it. */
function withEvidenceForEveryCell(card: Card): ReleaseSnapshot {
  const [template] = campaignEvidence(false).cells;
  return { card, evidence: { smokeTestModel: false, cells: card.cells.map((cell) => ({ ...template, risk: cell.risk, use: cell.use })), detectors: [] } };
}

describe("exporting a large card with evidence while the server has other requests", () => {
  // 800 cells with evidence: 0.2 to 2 MB in each format.
  it.each(CARD_FORMATS)(
    "writes its %s a part at a time, letting other work run between the parts (a 500 x 100 card's JSON, BOM and .eval_results were one piece of writing each: 0.5 s, 1 s and 6 s; its markdown's front matter 24 s)",
    async (format) => {
      const snapshot = withEvidenceForEveryCell(describedCard(40, 20, `${format} ${Math.random()}`));
      const { result, turns, mostWrittenBetweenTurns } = await writtenBetweenTurns(() => renderCardBody(snapshot, format));
      expect(result.length).toBeGreaterThan(150_000);
      expect(result).toContain("R40");
      expect(turns).toBeGreaterThan(10);
      expect(mostWrittenBetweenTurns).toBeLessThan(100_000);
    },
  );
});

/** How many list items the trees given to remark's stringify hold. */
function listItemsIn(node: { type: string; children?: unknown[] }): number {
  return (node.type === "listItem" ? 1 : 0) + (node.children ?? []).reduce((sum: number, child) => sum + listItemsIn(child as typeof node), 0);
}

/** `render()`'s result and the most list items remark wrote between two turns other work got while it ran. */
async function listItemsWrittenBetweenTurns<T>(render: () => Promise<T>): Promise<{ result: T; mostItemsBetweenTurns: number }> {
  const stringify = vi.spyOn(Object.getPrototypeOf(remark()), "stringify");
  let counted = 0;
  let items = 0;
  let mostItemsBetweenTurns = 0;
  let running = true;
  const count = () => {
    for (const [tree] of stringify.mock.calls.slice(counted)) items += listItemsIn(tree as { type: string });
    counted = stringify.mock.calls.length;
    mostItemsBetweenTurns = Math.max(mostItemsBetweenTurns, items);
  };
  const turn = () => {
    if (!running) return;
    count();
    items = 0;
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await render();
    count();
    return { result, mostItemsBetweenTurns };
  } finally {
    running = false;
    stringify.mockRestore();
  }
}

describe("exporting a card whose evidence section lists every cell", () => {
  it("writes a long list a few items at a time, letting other work run between them (the needs-review list of a 100 x 40 card, 4,000 items, was one remark stringify of 0.5 s)", async () => {
    const card = largeCard(40, 20);
    const [template] = campaignEvidence(false).cells;
    const evidence: CardEvidence = {
      smokeTestModel: false,
      cells: card.cells.map((cell) => ({ ...template, risk: cell.risk, use: cell.use, needsReview: [{ detector: "refusal@2.1.0", why: "not measured" }] })),
      detectors: [],
    };
    const { result, mostItemsBetweenTurns } = await listItemsWrittenBetweenTurns(() => renderCardMarkdown(card, evidence));
    expect(result).toContain("- **R40×U20**: `refusal@2.1.0` needs review (not measured)");
    expect(mostItemsBetweenTurns).toBeLessThanOrEqual(200);
  });
});

describe("exporting a card with one long rationale among many described cells", () => {
  it("pads no table cell past 40 characters, so one long cell does not widen every row (a 10,000-character rationale padded each of 50,000 rows to it: 500 MB)", async () => {
    const card = describedCard(40, 20, `wide ${Math.random()}`);
    card.cells[0].rationale = "A long rationale. ".repeat(560);
    const markdown = await renderCardMarkdown(card);
    expect(markdown).toContain(card.cells[0].rationale.trim());
    expect(markdown.length).toBeLessThan(card.cells.length * 1_000);
    // A narrow column is still aligned: the status column of each row starts at one place.
    const rows = markdown.split("\n").filter((line) => /^\| R\d+×U\d+ /.test(line));
    expect(new Set(rows.map((row) => row.indexOf(" | ", row.indexOf(" | ") + 3)))).toHaveProperty("size", 1);
  });
});

import { remark } from "remark";
import { describe, expect, it, vi } from "vitest";
import { encodeCardText } from "@/lib/card/card-text";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import { renderCardMarkdown } from "@/lib/card/render-markdown";
import type { Card, CardCell } from "@/lib/card/schema";
import { cardSource } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;

/** The seed's risks and uses repeated to `risks` x `uses`, every cell written (a draft, so the cell details list none). */
function largeCard(risks: number, uses: number): Card {
  const card = structuredClone(seed);
  card.risks = Array.from({ length: risks }, (_, i) => ({ ...seed.risks[i % seed.risks.length], code: `R${i + 1}` }));
  card.uses = Array.from({ length: uses }, (_, i) => ({ ...seed.uses[i % seed.uses.length], code: `U${i + 1}` }));
  card.cells = card.risks.flatMap((risk) =>
    card.uses.map(
      (use): CardCell => ({
        risk: risk.code,
        use: use.code,
        applies: "YES",
        likelihood: 2,
        severity: 3,
        subjectAtRisk: null,
        rationale: "",
        reviewStatus: "DRAFT",
        mitigationStatus: {},
      }),
    ),
  );
  return card;
}

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
  it("reads each cell a few times, not once for every cell of the summary table (a 500 x 100 card took a minute searching its 50,000 cells for each)", () => {
    const { card, reads } = countingCellReads(largeCard(100, 40));
    const markdown = renderCardMarkdown(card);
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

describe("exporting a large card again after one cell changed", () => {
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

  /** `render()`'s result and how many markdown documents remark parsed for it. */
  function countingParses<T>(render: () => T): { result: T; parses: number } {
    const parse = vi.spyOn(Object.getPrototypeOf(remark()), "parse");
    try {
      return { result: render(), parses: parse.mock.calls.length };
    } finally {
      parse.mockRestore();
    }
  }

  it("reads back only what changed (every value was parsed again on each export: as slow as the first)", () => {
    const card = describedCard(30, 10, `run ${Math.random()}`);
    const first = countingParses(() => renderCardMarkdown(card));
    const edited = structuredClone(card);
    edited.cells[0].rationale = "Changed.";
    const again = countingParses(() => renderCardMarkdown(edited));
    expect(first.result).not.toContain("| Changed.");
    expect(again.result).toContain("| Changed.");
    expect(first.parses).toBeGreaterThan(card.cells.length);
    expect(again.parses).toBeLessThan(10);
  });
});

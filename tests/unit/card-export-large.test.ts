import { describe, expect, it } from "vitest";
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
  /** The median of five timings of writing `value`, in milliseconds. */
  function encodingTime(value: string): number {
    const times = Array.from({ length: 5 }, () => {
      const start = performance.now();
      encodeCardText(value, "block");
      return performance.now() - start;
    });
    return times.sort((a, b) => a - b)[2];
  }

  it("takes time in proportion to its length, whatever its characters (each '<' or '](' of a 20,000-character value copied the rest of it: 3.7 s, where 20,000 letters took 8 ms)", () => {
    const letters = encodingTime("a".repeat(20_000));
    // Against a floor of a millisecond: letters alone can take less than the timer's resolution says.
    expect(encodingTime("<".repeat(20_000))).toBeLessThan(20 * Math.max(letters, 1));
    expect(encodingTime("](".repeat(10_000))).toBeLessThan(20 * Math.max(letters, 1));
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

  it("reads back only what changed (every value was parsed again on each export: as slow as the first)", () => {
    const card = describedCard(30, 10, `run ${Math.random()}`);
    let start = performance.now();
    const first = renderCardMarkdown(card);
    const firstTime = performance.now() - start;
    const edited = structuredClone(card);
    edited.cells[0].rationale = "Changed.";
    start = performance.now();
    const again = renderCardMarkdown(edited);
    const againTime = performance.now() - start;
    expect(first).not.toContain("| Changed.");
    expect(again).toContain("| Changed.");
    expect(againTime).toBeLessThan(firstTime / 3);
  });
});

// Counts shown anywhere (the card's prose included) come from the data, never from the card's
// own claims, which the importer keeps only to report where they disagree.
import { mitigationLibrary } from "./mitigation-library";
import type { Card } from "./schema";

export interface CardCounts {
  risks: number;
  mitigations: number;
  uses: number;
}

export function cardCounts(card: Pick<Card, "risks" | "uses">): CardCounts {
  return { risks: card.risks.length, mitigations: mitigationLibrary(card.risks).length, uses: card.uses.length };
}

/** One sentence per count the card's prose gets wrong. */
export function countMismatches(claimed: CardCounts, actual: CardCounts): string[] {
  const nouns: Record<keyof CardCounts, string> = { risks: "risks", mitigations: "distinct mitigations", uses: "uses" };
  return (Object.keys(nouns) as (keyof CardCounts)[])
    .filter((key) => claimed[key] !== actual[key])
    .map((key) => `the summary sentence claims ${claimed[key]} ${nouns[key]} but the card holds ${actual[key]}`);
}

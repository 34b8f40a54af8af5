// The mark a risk x use cell shows in the card's summary table, and its grammar. The level is
// written out for readers but derived from likelihood x severity, so a hand-edited level that
// disagrees with the rating is refused rather than silently believed or overwritten.
//
//   mark    := applies [ SEP rating ] [ SEP level ]
//   applies := "yes" | "applies" | "no" | "does not apply" | "not assessed"
//   rating  := "L" (1-5 | "?") ("×" | "x" | "*") "S" (1-5 | "?")
//   level   := "low" | "medium" | "high" | "critical" | "unrated"
//   SEP     := "·" | ";" | ","
//
// Case and spaces are free. Written form: "not assessed · unrated", "no · unrated",
// "yes · L3×S4 · high", "yes · L3×S? · unrated".
import { levelLabel, riskLevel } from "../domain/level";
import { type Applies, type AsStored, fromLabel, labelAsStored } from "../domain/vocabulary";

export interface CellMark {
  applies: Applies;
  likelihood: number | null;
  severity: number | null;
}

const appliesWords: Record<Applies, string[]> = {
  YES: ["yes", "applies"],
  NO: ["no", "does not apply"],
  NOT_ASSESSED: ["not assessed"],
};
const writtenApplies: Record<Applies, string> = { YES: "yes", NO: "no", NOT_ASSESSED: "not assessed" };
const UNRATED = "unrated";
const RATING = /^l\s*([1-5?])\s*[×x*]\s*s\s*([1-5?])$/i;

export function formatCellMark(mark: AsStored<CellMark>): string {
  const parts = [labelAsStored(writtenApplies, mark.applies)];
  if (mark.likelihood != null || mark.severity != null) parts.push(`L${mark.likelihood ?? "?"}×S${mark.severity ?? "?"}`);
  const level = riskLevel(mark.likelihood, mark.severity);
  parts.push(level ? levelLabel[level.level] : UNRATED);
  return parts.join(" · ");
}

/** Reads a mark; on failure says what it could not read, for the caller to place in the card. */
export function parseCellMark(text: string): { mark: CellMark } | { error: string } {
  const [appliesPart, ...rest] = text.split(/[·;,]/).map((part) => part.trim().toLowerCase());
  const applies = (Object.keys(appliesWords) as Applies[]).find((key) => appliesWords[key].includes(appliesPart));
  if (!applies) return { error: `cannot read "${text}": it must start with yes, no or not assessed` };

  let likelihood: number | null = null;
  let severity: number | null = null;
  let rated = false;
  let writtenLevel: string | undefined;
  for (const part of rest) {
    const rating = RATING.exec(part);
    if (rating && !rated && writtenLevel === undefined) {
      rated = true;
      likelihood = rating[1] === "?" ? null : Number(rating[1]);
      severity = rating[2] === "?" ? null : Number(rating[2]);
    } else if (writtenLevel === undefined && (part === UNRATED || fromLabel(levelLabel, part))) {
      writtenLevel = part;
    } else {
      return { error: `cannot read "${part}" in "${text}": expected a rating like L3×S4 then a level` };
    }
  }

  const derived = riskLevel(likelihood, severity);
  const expected = derived ? levelLabel[derived.level] : UNRATED;
  if (writtenLevel !== undefined && writtenLevel !== expected) {
    return { error: `"${text}" says ${writtenLevel} but its rating gives ${expected}` };
  }
  return { mark: { applies, likelihood, severity } };
}

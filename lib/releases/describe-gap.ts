// A release gap and its two texts: the one an approver accepts (the key that says two gaps are the
// same) and the one people read. Plain data, so the publish form in the browser can use it too.

// A type, not an interface, so that a list of gaps is a JSON value Prisma can store.
export type ReleaseGap = {
  /** "R7×U2" */
  cell: string;
  /** "Privacy in Medical advice": the risk's title and the use's purpose, for people who do not know the codes. */
  names: string;
  reason: string;
};

/** The text an approver accepts; also the key that says two gaps are the same. */
export function describeGap(gap: Pick<ReleaseGap, "cell" | "reason">): string {
  return `${gap.cell}: ${gap.reason}`;
}

/** The gap as people read it: the cell's names beside its code. */
export function describeGapWithNames(gap: ReleaseGap): string {
  return gap.names ? `${gap.cell} (${gap.names}): ${gap.reason}` : describeGap(gap);
}

/** The reason of a cell nobody has assessed: the card cannot say whether the risk applies there. */
export const NOT_ASSESSED_REASON = "not assessed: nobody has judged whether the risk applies";

/** "56 gaps in 55 cells (53 not assessed)": what an approver is asked to accept, counted. */
export function gapsHeadline(gaps: ReleaseGap[]): string {
  const cells = new Set(gaps.map((gap) => gap.cell)).size;
  const notAssessed = gaps.filter((gap) => gap.reason === NOT_ASSESSED_REASON).length;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${plural(gaps.length, "gap")} in ${plural(cells, "cell")}${notAssessed ? ` (${notAssessed} not assessed)` : ""}`;
}

/** The gaps under each reason, the reasons in the order they first appear, each one's cells in the card's order. */
export function gapsByReason(gaps: ReleaseGap[]): { reason: string; gaps: ReleaseGap[] }[] {
  const groups = new Map<string, ReleaseGap[]>();
  for (const gap of gaps) {
    const group = groups.get(gap.reason);
    if (group) group.push(gap);
    else groups.set(gap.reason, [gap]);
  }
  return [...groups].map(([reason, grouped]) => ({ reason, gaps: grouped }));
}

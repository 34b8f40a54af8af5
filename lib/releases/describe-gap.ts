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

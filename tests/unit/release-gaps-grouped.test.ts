// The gaps an approver accepts, as the publish form and a release's page list them: grouped under their reason, so that a
// fresh card's 56 cells nobody has assessed read as one reason and 56 cells, not 56 lines repeating it.
import { describe, expect, test } from "vitest";
import { gapsByReason, gapsHeadline, type ReleaseGap } from "../../lib/releases/describe-gap";

const gap = (cell: string, reason: string): ReleaseGap => ({ cell, names: `names of ${cell}`, reason });
const notAssessed = "not assessed: nobody has judged whether the risk applies";

describe("release gaps as people read them", () => {
  test("a card nobody has assessed reads as one reason over its cells", () => {
    const gaps = ["R1×U1", "R1×U2", "R2×U1"].map((cell) => gap(cell, notAssessed));
    expect(gapsHeadline(gaps)).toBe("3 gaps in 3 cells (3 not assessed)");
    expect(gapsByReason(gaps)).toEqual([{ reason: notAssessed, gaps }]);
  });

  test("a cell with two gaps counts once among the cells, and each reason keeps its cells in the card's order", () => {
    const gaps = [
      gap("R1×U1", "no evidence: untested"),
      gap("R1×U1", "not approved (draft)"),
      gap("R2×U1", "its evidence is failing (4/30) and no risk acceptance covers it"),
      gap("R2×U1", "not approved (draft)"),
      gap("R3×U1", notAssessed),
    ];
    expect(gapsHeadline(gaps)).toBe("5 gaps in 3 cells (1 not assessed)");
    expect(gapsByReason(gaps).map(({ reason, gaps }) => [reason, gaps.map((g) => g.cell)])).toEqual([
      ["no evidence: untested", ["R1×U1"]],
      ["not approved (draft)", ["R1×U1", "R2×U1"]],
      ["its evidence is failing (4/30) and no risk acceptance covers it", ["R2×U1"]],
      [notAssessed, ["R3×U1"]],
    ]);
  });

  test("one gap reads in the singular, and a card whose cells are all assessed says nothing of assessment", () => {
    expect(gapsHeadline([gap("R1×U1", "not approved (in review)")])).toBe("1 gap in 1 cell");
  });
});

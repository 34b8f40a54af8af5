import { describe, expect, it } from "vitest";
import { formatCellMark, parseCellMark } from "@/lib/card/cell-mark";

describe("reading and writing the mark of a risk x use cell", () => {
  it("writes applies, the rating and the level derived from it", () => {
    expect(formatCellMark({ applies: "YES", likelihood: 3, severity: 4 })).toBe("yes · L3×S4 · high");
    expect(formatCellMark({ applies: "NOT_ASSESSED", likelihood: null, severity: null })).toBe("not assessed · unrated");
    expect(formatCellMark({ applies: "NO", likelihood: null, severity: null })).toBe("no · unrated");
    expect(formatCellMark({ applies: "YES", likelihood: 2, severity: null })).toBe("yes · L2×S? · unrated");
  });

  it("reads back every mark it writes", () => {
    for (const applies of ["YES", "NO", "NOT_ASSESSED"] as const) {
      for (const likelihood of [null, 1, 3, 5]) {
        for (const severity of [null, 2, 5]) {
          const mark = { applies, likelihood, severity };
          expect(parseCellMark(formatCellMark(mark))).toEqual({ mark });
        }
      }
    }
  });

  it("accepts a hand-written mark with other case, spacing, x for × and no level", () => {
    expect(parseCellMark("Yes; l4 x s4")).toEqual({ mark: { applies: "YES", likelihood: 4, severity: 4 } });
    expect(parseCellMark("not assessed")).toEqual({ mark: { applies: "NOT_ASSESSED", likelihood: null, severity: null } });
    expect(parseCellMark("does not apply")).toEqual({ mark: { applies: "NO", likelihood: null, severity: null } });
  });

  it("refuses a level that contradicts the rating, an empty cell and a leftover <div>", () => {
    expect(parseCellMark("yes · L1×S2 · high")).toEqual({ error: '"yes · L1×S2 · high" says high but its rating gives low' });
    expect(parseCellMark("yes · critical")).toEqual({ error: '"yes · critical" says critical but its rating gives unrated' });
    expect(parseCellMark("")).toHaveProperty("error");
    expect(parseCellMark("<div></div>")).toHaveProperty("error");
    expect(parseCellMark("yes · L6×S1")).toHaveProperty("error");
  });
});

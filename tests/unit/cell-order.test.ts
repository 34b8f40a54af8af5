import { describe, expect, test } from "vitest";
import { byCodeNumber, inMatrixOrder } from "../../lib/domain/cell-key";

describe("the matrix's order of cells", () => {
  test("codes sort by their number, R2 before R10", () => {
    expect(["R10", "R2", "R1", "R14"].sort(byCodeNumber)).toEqual(["R1", "R2", "R10", "R14"]);
  });

  test("cells sort by risk, then by use in number order: R2×U2 before R2×U10 before R10×U1", () => {
    const cells = [
      { riskCode: "R10", useCode: "U1" },
      { riskCode: "R2", useCode: "U10" },
      { riskCode: "R2", useCode: "U2" },
      { riskCode: "R1", useCode: "U3" },
    ];
    expect(cells.sort(inMatrixOrder).map((c) => `${c.riskCode}×${c.useCode}`)).toEqual(["R1×U3", "R2×U2", "R2×U10", "R10×U1"]);
  });
});

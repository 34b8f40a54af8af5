// The semantic diff of two releases of a 500 x 100 card compares 50,000 cells on the server's one
// thread: it held it about 300 ms at once, while the rest of diffReleases gave other requests turns
// (lib/card/pace.ts). It now gives them turns as it goes too.
import { describe, expect, it } from "vitest";
import { describeMatrixChange, diffMatrix } from "@/lib/releases/diff-releases";
import { largeSnapshot } from "../support/large-snapshot";
import { turnsDuring } from "../support/turns-during";

describe("the semantic diff of two releases of a large card", () => {
  it("gives other requests a turn at least every thousand cells it compares", async () => {
    const cells = 200 * 100;
    const before = largeSnapshot(200, 100);
    const after = structuredClone(before);
    for (const cell of after.card.cells) cell.likelihood = 3;

    let lines: string[] = [];
    const turns = await turnsDuring(async () => {
      lines = (await diffMatrix(before, after)).map(describeMatrixChange);
    });

    expect(lines.filter((line) => line.endsWith(": likelihood 2 -> 3"))).toHaveLength(cells);
    expect({ turns, everyThousandCells: turns >= cells / 1000 }).toMatchObject({ everyThousandCells: true });
  });
});

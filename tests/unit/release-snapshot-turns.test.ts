// Publishing a large card holds its snapshot against the last release's (sameSnapshot) to tell an
// unchanged card: two snapshots of tens of megabytes read and written again. Like writing them
// (lib/card/pace.ts), that must give other requests turns on the way, not hold the server's one
// thread for all of it.
import { describe, expect, it } from "vitest";
import { sameSnapshot, snapshotJson } from "@/lib/releases/release-snapshot";
import { largeSnapshot } from "../support/large-snapshot";
import { turnsDuring } from "../support/turns-during";

describe("telling a large card unchanged since its last release", () => {
  it("gives other requests a turn at least every thousand rows it reads, and every thousand it compares", async () => {
    const cells = 200 * 100;
    const snapshot = largeSnapshot(200, 100);
    const changed = structuredClone(snapshot);
    changed.card.cells[0].rationale = "Re-judged.";
    const [json, other] = [await snapshotJson(snapshot), await snapshotJson(changed)];

    // Told apart at the first cell, the two are read whole (each its cells and its evidence rows, one
    // per cell) and hardly compared; the same, they are read as much and compared to the last row.
    const whileReading = await turnsDuring(async () => expect(await sameSnapshot(json, other)).toBe(false));
    const whileReadingAndComparing = await turnsDuring(async () => expect(await sameSnapshot(json, json)).toBe(true));

    const whileComparing = whileReadingAndComparing - whileReading;
    expect({
      whileReading,
      whileComparing,
      everyThousandRows: whileReading >= (2 * 2 * cells) / 1000 && whileComparing >= (2 * cells) / 1000,
    }).toMatchObject({ everyThousandRows: true });
  });
});

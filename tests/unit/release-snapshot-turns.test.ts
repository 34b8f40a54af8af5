// Publishing a large card holds its snapshot against the last release's (sameSnapshot) to tell an
// unchanged card: two snapshots of tens of megabytes read and written again. Like writing them
// (lib/card/pace.ts), that must give other requests turns on the way, not hold the server's one
// thread for all of it.
import { describe, expect, it } from "vitest";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import type { CellEvidence } from "@/lib/card/evidence";
import type { Card, CardCell } from "@/lib/card/schema";
import { type ReleaseSnapshot, sameSnapshot, snapshotJson } from "@/lib/releases/release-snapshot";
import { cardSource } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;

/** The seed's risks and uses repeated to `risks` x `uses`, every cell applicable, approved and measured. */
function largeSnapshot(risks: number, uses: number): ReleaseSnapshot {
  const card: Card = structuredClone(seed);
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
        subjectAtRisk: "AI_USER",
        rationale: `${risk.code} is judged for ${use.code} on its campaign.`,
        reviewStatus: "APPROVED",
        mitigationStatus: {},
      }),
    ),
  );
  const cells = card.cells.map(
    (cell): CellEvidence => ({
      risk: cell.risk,
      use: cell.use,
      n: 300,
      failures: 0,
      wilson: { lower: 0, upper: 0.0126 },
      threshold: 0.1,
      verdict: "PASS",
      campaign: `campaign-${cell.use}`,
      modelRevision: "a1b2c3d4e5f6a7b8c9d0",
      date: "2026-11-20T10:00:00.000Z",
      stale: false,
      smokeTest: false,
      backend: "local",
      servedModel: null,
      importedFrom: null,
      suite: { key: `suite-${cell.use}`, title: "Suite", hash: "f".repeat(64) },
      needsReview: [],
    }),
  );
  return { card, evidence: { cells, documented: [], detectors: [], smokeTestModel: false } };
}

/**
 * How many turns the event loop gave others while `work` ran: a callback that asks for one each turn
 * (setImmediate, as the pace gives its turns) counts them. Counted, not timed: a busy machine makes
 * the work slower, not the turns fewer.
 */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let probe = setImmediate(function turn() {
    turns++;
    probe = setImmediate(turn);
  });
  try {
    await work();
  } finally {
    clearImmediate(probe);
  }
  return turns;
}

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

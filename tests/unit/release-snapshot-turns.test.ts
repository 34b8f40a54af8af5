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

/** The longest time the event loop went without a turn while `work` ran, in ms, by a timer that asks for one every millisecond. */
async function longestBlock(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    last = performance.now();
    await work();
    longest = Math.max(longest, performance.now() - last);
  } finally {
    clearInterval(probe);
  }
  return longest;
}

describe("telling a large card unchanged since its last release", () => {
  it("gives other requests turns while it compares, as writing the snapshot does: its longest hold of the thread is of the order of writing's", async () => {
    const snapshot = largeSnapshot(200, 100);
    const changed = structuredClone(snapshot);
    changed.card.cells.at(-1)!.rationale = "Re-judged.";
    const [json, other] = [await snapshotJson(snapshot), await snapshotJson(changed)];

    // Fastest of a few tries of each, after an untimed first.
    await sameSnapshot(json, other);
    let writing = Number.POSITIVE_INFINITY;
    let comparing = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3; attempt++) {
      writing = Math.min(writing, await longestBlock(() => snapshotJson(snapshot)));
      comparing = Math.min(comparing, await longestBlock(async () => expect(await sameSnapshot(json, other)).toBe(false)));
    }

    expect({ comparing: Math.round(comparing), writing: Math.round(writing), within: comparing <= 10 * Math.max(writing, 5) }).toMatchObject({
      within: true,
    });
  });
});

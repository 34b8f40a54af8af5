// A release snapshot of the seed card's risks and uses repeated to a large card, for the tests of
// what a large card costs the server's one thread.
import type { CellEvidence } from "@/lib/card/evidence";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import type { Card, CardCell } from "@/lib/card/schema";
import type { ReleaseSnapshot } from "@/lib/releases/release-snapshot";
import { cardSource } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;

/** The seed's risks and uses repeated to `risks` x `uses`, every cell applicable, approved and measured. */
export function largeSnapshot(risks: number, uses: number): ReleaseSnapshot {
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

// The seed card's risks and uses repeated to a large card, and a release snapshot of it, for the
// tests of what a large card costs the server's one thread.
import type { CellEvidence } from "@/lib/card/evidence";
import { parseCardMarkdown } from "@/lib/card/parse-markdown";
import type { Card, CardCell } from "@/lib/card/schema";
import type { ReleaseSnapshot } from "@/lib/releases/release-snapshot";
import { cardSource } from "../fixtures/card/seed";

const seed = parseCardMarkdown(cardSource(), "stable-beluga-2").card;

type CellJudgement = Omit<CardCell, "risk" | "use">;

/** A draft, so the cell details list none. */
const DRAFT: CellJudgement = {
  applies: "YES",
  likelihood: 2,
  severity: 3,
  subjectAtRisk: null,
  rationale: "",
  reviewStatus: "DRAFT",
  mitigationStatus: {},
};

/** The seed's risks and uses repeated to `risks` x `uses`, each cell as `judged` says (a draft by default). */
export function largeCard(risks: number, uses: number, judged: (risk: string, use: string) => CellJudgement = () => DRAFT): Card {
  const card: Card = structuredClone(seed);
  card.risks = Array.from({ length: risks }, (_, i) => ({ ...seed.risks[i % seed.risks.length], code: `R${i + 1}` }));
  card.uses = Array.from({ length: uses }, (_, i) => ({ ...seed.uses[i % seed.uses.length], code: `U${i + 1}` }));
  card.cells = card.risks.flatMap((risk) => card.uses.map((use): CardCell => ({ risk: risk.code, use: use.code, ...judged(risk.code, use.code) })));
  return card;
}

/** The seed's risks and uses repeated to `risks` x `uses`, every cell applicable, approved and measured. */
export function largeSnapshot(risks: number, uses: number): ReleaseSnapshot {
  const card = largeCard(risks, uses, (risk, use) => ({
    ...DRAFT,
    subjectAtRisk: "AI_USER",
    rationale: `${risk} is judged for ${use} on its campaign.`,
    reviewStatus: "APPROVED",
  }));
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
      judge: null,
      judgeServedModel: null,
      importedFrom: null,
      suite: { key: `suite-${cell.use}`, title: "Suite", hash: "f".repeat(64) },
      needsReview: [],
    }),
  );
  return { card, evidence: { cells, documented: [], detectors: [], smokeTestModel: false } };
}

// The campaign evidence each cell shows at a glance: the newest campaign aggregate per cell with
// its interval, verdict, why it is stale (if it is), and whether it came from the smoke-test
// model. Plain data, so it crosses into client components unchanged.
import type { Db } from "../db/types";
import type { CellVerdict } from "../evidence/wilson";
import { isSmokeTestCheckpoint } from "./campaign-backend";
import { loadCurrentHashes, staleReasons } from "./stale";
import type { StaleReason } from "./stale-reasons";

export interface CellEvidenceView {
  riskCode: string;
  useCode: string;
  campaignId: string | null;
  campaignName: string | null;
  n: number;
  passes: number;
  failures: number;
  overrides: number;
  rate: number | null;
  intervalLow: number;
  intervalHigh: number;
  verdict: CellVerdict;
  threshold: number;
  minSampleSize: number;
  /** Empty when the evidence was made under the current model, suite and detectors. */
  stale: StaleReason[];
  /** Made by the generated tiny model: its outputs are noise, the evidence only shows the pipeline works. */
  smokeTest: boolean;
  createdAt: string;
}

/** By "R1|U2"; cells without campaign evidence are absent. */
export async function loadCellEvidence(db: Db, modelSlug: string): Promise<Record<string, CellEvidenceView>> {
  const model = await db.model.findUnique({ where: { slug: modelSlug }, select: { id: true, checkpointPath: true, isSmokeTestModel: true } });
  if (!model) return {};
  const [evidence, current] = await Promise.all([
    db.evidence.findMany({
      where: { kind: "CAMPAIGN", cell: { risk: { modelId: model.id } } },
      orderBy: { createdAt: "desc" },
      include: {
        campaign: { select: { name: true, backend: true } },
        cell: { select: { failureThreshold: true, minSampleSize: true, risk: { select: { code: true } }, use: { select: { code: true } } } },
      },
    }),
    loadCurrentHashes(db, model.id),
  ]);
  const smokeTestCheckpoint = model.isSmokeTestModel || isSmokeTestCheckpoint(model);
  const views: Record<string, CellEvidenceView> = {};
  for (const item of evidence) {
    const key = `${item.cell.risk.code}|${item.cell.use.code}`;
    if (views[key]) continue;
    const n = item.n ?? 0;
    views[key] = {
      riskCode: item.cell.risk.code,
      useCode: item.cell.use.code,
      campaignId: item.campaignId,
      campaignName: item.campaign?.name ?? null,
      n,
      passes: item.passes ?? 0,
      failures: item.failures ?? 0,
      overrides: item.overrides ?? 0,
      rate: n > 0 ? (item.failures ?? 0) / n : null,
      intervalLow: item.intervalLow ?? 0,
      intervalHigh: item.intervalHigh ?? 1,
      verdict: (item.verdict as CellVerdict | null) ?? "untested",
      threshold: item.cell.failureThreshold,
      minSampleSize: item.cell.minSampleSize,
      stale: staleReasons(item, item.cell.use.code, current),
      smokeTest: smokeTestCheckpoint && item.campaign?.backend === "local",
      createdAt: item.createdAt.toISOString(),
    };
  }
  return views;
}

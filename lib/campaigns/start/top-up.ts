// "Top up the inconclusive cells": a campaign that runs exactly the cases of the cells whose
// evidence does not decide them yet, as many times as the plan says would decide them.
//
// Rules:
// - A cell is planned when it applies (or is not assessed), some case of its use's suites probes
//   its risk, and its current campaign evidence is inconclusive, or it has none, or only stale
//   evidence (both "untested": stale evidence decides nothing).
// - Its plan is the evidence view's casesToDecide (lib/evidence/sample-size.ts at its current rate,
//   against the corrected interval when its detectors' accuracy is known); an untested cell is
//   planned at zero failures against the Wilson interval. A cell no number of cases at its rate would decide is left out.
// - The top-up's evidence stands on its own (the newest campaign is a cell's evidence), so it runs
//   the whole sample the plan needs, n + more, not just the difference: each case of the cell
//   is repeated ceil(needed / cases in the cell) times; the campaign takes the largest of these
//   (capped at the schema's 1,000 repeats), so every planned cell gets at least its sample.
import type { Actor } from "../../auth/actor";
import type { Db } from "../../db/types";
import { byCodeNumber, cellKeySlug, inMatrixOrder } from "../../domain/cell-key";
import { loadCellEvidence } from "../../evidence/cell-evidence";
import { casesToDecide } from "../../evidence/sample-size";
import { campaignSettingsSchema } from "../settings/campaign-settings";
import { createCampaign, type CreateCampaignResult } from "./create-campaign";
import { readNameList } from "../../db/json-columns";

const MAX_REPEATS = 1000;

export interface TopUpCell {
  riskCode: string;
  useCode: string;
  verdict: "INCONCLUSIVE" | "UNTESTED";
  n: number;
  failures: number;
  /** More cases at the current rate that would decide it. */
  casesToDecide: number;
  /** Runs the top-up gives this cell: its cases x the campaign's repeats. */
  caseIds: string[];
}

export interface TopUpPlan {
  cells: TopUpCell[];
  caseIds: string[];
  repeats: number;
}

/** The undecided cells of a model and the cases and repeats that would decide them. */
export async function planTopUp(db: Db, modelSlug: string): Promise<TopUpPlan> {
  const model = await db.model.findUnique({ where: { slug: modelSlug }, select: { id: true } });
  if (!model) return { cells: [], caseIds: [], repeats: 1 };
  const [cells, cases, evidence] = await Promise.all([
    db.cell.findMany({
      where: { risk: { modelId: model.id }, applies: { not: "NO" } },
      select: { failureThreshold: true, minSampleSize: true, risk: { select: { code: true } }, use: { select: { code: true } } },
    }),
    db.testCase.findMany({
      where: { suite: { modelId: model.id }, retiredAt: null },
      select: { id: true, risks: true, suite: { select: { use: { select: { code: true } } } } },
      orderBy: { id: "asc" },
    }),
    loadCellEvidence(db, modelSlug),
  ]);
  const casesByCell = new Map<string, string[]>();
  for (const testCase of cases) {
    for (const risk of readNameList(testCase.risks, "Case.risks")) {
      const key = `${risk}|${testCase.suite.use.code}`;
      casesByCell.set(key, [...(casesByCell.get(key) ?? []), testCase.id]);
    }
  }
  const planned: TopUpCell[] = [];
  let repeats = 1;
  for (const cell of cells) {
    const caseIds = casesByCell.get(`${cell.risk.code}|${cell.use.code}`);
    if (!caseIds) continue;
    const current = evidence[cellKeySlug(cell.risk.code, cell.use.code)];
    const decided = current && current.stale.length === 0 && current.verdict !== "INCONCLUSIVE" && current.verdict !== "UNTESTED";
    if (decided) continue;
    const usable = current && current.stale.length === 0 ? current : null;
    const counts = { failures: usable?.failures ?? 0, n: usable?.n ?? 0 };
    // The view's plan reads the interval its verdict reads (corrected when the detectors' accuracy is known).
    const more = usable ? (usable.casesToDecide ?? null) : casesToDecide({ ...counts, threshold: cell.failureThreshold, minSampleSize: cell.minSampleSize });
    if (more === null || more === 0) continue;
    repeats = Math.max(repeats, Math.min(MAX_REPEATS, Math.ceil((counts.n + more) / caseIds.length)));
    planned.push({ riskCode: cell.risk.code, useCode: cell.use.code, verdict: usable ? "INCONCLUSIVE" : "UNTESTED", ...counts, casesToDecide: more, caseIds });
  }
  planned.sort(inMatrixOrder);
  return { cells: planned, caseIds: [...new Set(planned.flatMap((cell) => cell.caseIds))].sort(), repeats };
}

/**
 * Starts a top-up campaign with the given settings (backend, sampling, judge, name); the cases,
 * uses, risks and repeats come from the plan, whatever the input says about them.
 */
export async function startTopUpCampaign(db: Db, actor: Actor, input: unknown): Promise<CreateCampaignResult> {
  const modelSlug = campaignSettingsSchema.shape.modelSlug.safeParse((input as { modelSlug?: unknown } | null)?.modelSlug);
  if (!modelSlug.success) return { ok: false, kind: "invalid", message: "modelSlug: the model to top up" };
  const plan = await planTopUp(db, modelSlug.data);
  if (plan.cells.length === 0) {
    return {
      ok: false,
      kind: "empty",
      message: "no inconclusive or untested cell to top up: every testable cell is decided, or no number of cases at its rate would decide it",
    };
  }
  const settings = typeof input === "object" && input !== null ? input : {};
  return createCampaign(db, actor, {
    ...settings,
    name: (settings as { name?: string }).name || `Top-up of ${plan.cells.length} undecided cell${plan.cells.length === 1 ? "" : "s"}`,
    uses: [...new Set(plan.cells.map((cell) => cell.useCode))].sort(byCodeNumber),
    risks: [...new Set(plan.cells.map((cell) => cell.riskCode))].sort(byCodeNumber),
    caseIds: plan.caseIds,
    casesPerSuite: undefined,
    repeats: plan.repeats,
  });
}

// When a model judge's verdicts may count. A judge is measured like any detector, against human
// labels (the labelling queue, confirmed overrides: lib/detectors/override-labels.ts); an admin sets
// the bar (one JudgeCountingFloor row; the defaults below until then): at least `minLabels`
// labelled outputs, and sensitivity and specificity each at least `floor` on them. Below it the
// judge may only be advisory, and a request to count it is refused saying which figure falls short.
import { z } from "zod";
import { changedFields, recordAuditEvent } from "../audit/record-audit-event";
import { defineCommand } from "../commands/define-command";
import type { Db } from "../db/types";
import type { DetectorMeasure } from "../detectors/measured-accuracy";

export const judgeCountingFloorSchema = z.object({
  minLabels: z.coerce
    .number({ error: "the minimum number of labels must be a whole number" })
    .int("the minimum number of labels must be a whole number")
    .min(0, "the minimum number of labels is 0 or more")
    .max(100_000, "the minimum number of labels is at most 100,000"),
  floor: z.coerce.number({ error: "the floor must be a number between 0 and 1" }).min(0, "the floor is between 0 and 1").max(1, "the floor is between 0 and 1"),
});
export type JudgeCountingFloor = z.infer<typeof judgeCountingFloorSchema>;

/** The detectors' own bar (lib/detectors/accuracy.ts ACCURACY_TARGET) on enough labels that its interval is under about ±0.1. */
export const DEFAULT_JUDGE_COUNTING_FLOOR: JudgeCountingFloor = { minLabels: 50, floor: 0.9 };

const FLOOR_ROW = "floor";

export async function loadJudgeCountingFloor(db: Db): Promise<JudgeCountingFloor> {
  const row = await db.judgeCountingFloor.findUnique({ where: { id: FLOOR_ROW } });
  return row ? { minLabels: row.minLabels, floor: row.floor } : DEFAULT_JUDGE_COUNTING_FLOOR;
}

export type CountingDecision = { counts: true; why: string } | { counts: false; why: string };

const figure = (value: number | null) => (value === null ? "unmeasured" : value.toFixed(2));

/** Whether a judge measured as `measure` (undefined: never labelled) may count, and why in words. */
export function countingDecision(detector: string, measure: DetectorMeasure | undefined, floor: JudgeCountingFloor): CountingDecision {
  const labels = measure ? measure.positives + measure.negatives : 0;
  const sensitivity = measure?.sensitivity ?? null;
  const specificity = measure?.specificity ?? null;
  const measured = `${detector} is measured on ${labels} label${labels === 1 ? "" : "s"}: sensitivity ${figure(sensitivity)}, specificity ${figure(specificity)}`;
  const bar = `counting needs at least ${floor.minLabels} labels and sensitivity and specificity of at least ${floor.floor.toFixed(2)} (an admin sets this on the detectors page)`;
  const short: string[] = [];
  if (labels < floor.minLabels) short.push(`${floor.minLabels - labels} more label${floor.minLabels - labels === 1 ? "" : "s"}`);
  if (floor.floor > 0 && (sensitivity ?? -1) < floor.floor) short.push("sensitivity");
  if (floor.floor > 0 && (specificity ?? -1) < floor.floor) short.push("specificity");
  if (short.length === 0) return { counts: true, why: `${measured}; ${bar}` };
  return { counts: false, why: `${measured}; ${bar}; short: ${short.join(", ")}` };
}

export type UpdateJudgeCountingFloorResult = { ok: true; floor: JudgeCountingFloor };

export const updateJudgeCountingFloor = defineCommand({
  name: "judge-counting-floor.update",
  doing: "setting the bar a model judge must clear to count",
  role: "ADMIN",
  schema: judgeCountingFloorSchema,
  audit: ["judgeCountingFloor.update"],
  async run(db, actor, floor): Promise<UpdateJudgeCountingFloorResult> {
    await db.$transaction(async (tx) => {
      const before = await loadJudgeCountingFloor(tx as Db);
      await tx.judgeCountingFloor.upsert({
        where: { id: FLOOR_ROW },
        create: { id: FLOOR_ROW, ...floor, updatedById: actor.id },
        update: { ...floor, updatedById: actor.id },
      });
      const change = changedFields(before, floor);
      if (change.changed.length > 0) {
        await recordAuditEvent(tx, actor, { action: "judgeCountingFloor.update", entityType: "JudgeCountingFloor", entityId: FLOOR_ROW, ...change });
      }
    });
    return { ok: true, floor };
  },
});

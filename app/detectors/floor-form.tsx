"use client";
import { useActionState } from "react";
import { KeepTyped, TypedInput } from "@/app/_components/typed-controls";
import type { JudgeCountingFloor } from "@/lib/labelling/judge-counting";
import { updateJudgeCountingFloorAction } from "./actions";

export function FloorForm({ floor }: { floor: JudgeCountingFloor }) {
  const [result, action, pending] = useActionState(updateJudgeCountingFloorAction, null);
  return (
    <form action={action} className="panel" aria-label="Counting floor for judges">
      {result && (
        <p className={`notice ${result.ok ? "notice-ok" : "notice-error"}`} role={result.ok ? "status" : "alert"}>
          {result.ok ? "Saved: new campaigns may count a judge only at this floor." : result.message}
        </p>
      )}
      <KeepTyped typed={result?.ok ? undefined : result?.typed}>
        <div className="field-row">
          <div className="field">
            <label htmlFor="floor-min-labels">Fewest labels</label>
            <TypedInput id="floor-min-labels" name="minLabels" type="number" min={0} step={1} required defaultValue={floor.minLabels} />
          </div>
          <div className="field">
            <label htmlFor="floor-floor">Lowest sensitivity and specificity</label>
            <TypedInput id="floor-floor" name="floor" type="number" min={0} max={1} step={0.01} required defaultValue={floor.floor} />
          </div>
        </div>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Save floor
      </button>
    </form>
  );
}

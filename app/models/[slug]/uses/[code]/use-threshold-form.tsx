"use client";
// The bar every cell of this use is held to: failure threshold and minimum sample, set at once.
import { useActionState } from "react";
import { KeepTyped, TypedInput } from "@/app/_components/typed-controls";
import { setUseThresholdAction } from "../actions";
import { ShownText } from "@/app/_components/shown-text";

export function UseThresholdForm({
  modelSlug,
  useCode,
  percent,
  minSampleSize,
}: {
  modelSlug: string;
  useCode: string;
  percent: string;
  minSampleSize: number;
}) {
  const [state, submit, pending] = useActionState(setUseThresholdAction, { ok: false, message: null });
  return (
    <form action={submit} className="toolbar" aria-label="Bar for every cell of this use">
      <input type="hidden" name="modelSlug" value={modelSlug} />
      <input type="hidden" name="useCode" value={useCode} />
      <KeepTyped typed={state.typed}>
        <label className="field">
          Failure threshold (%)
          <TypedInput name="failureThreshold" type="number" inputMode="decimal" min={0} max={100} step="any" defaultValue={percent} required />
        </label>
        <label className="field">
          Minimum sample
          <TypedInput name="minSampleSize" type="number" inputMode="numeric" min={1} step={1} defaultValue={minSampleSize} required />
        </label>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Set for every cell of this use
      </button>
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "summary" : "field-error"}>
          <ShownText text={state.message} />
        </span>
      )}
    </form>
  );
}

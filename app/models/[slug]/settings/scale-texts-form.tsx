"use client";
// An admin words what each likelihood and severity step means for this model; the cell editor
// shows the wording beside the inputs.
import { useActionState } from "react";
import { KeepTyped, TypedInput } from "@/app/_components/typed-controls";
import { SCALE_STEPS, type ScaleTexts } from "@/lib/models/scale-texts";
import { setScaleTextsAction, type CheckpointPathState } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

const initial: CheckpointPathState = { ok: false, message: null };

export function ScaleTextsForm({ slug, scaleTexts }: { slug: string; scaleTexts: ScaleTexts }) {
  const [state, action, pending] = useActionState(setScaleTextsAction, initial);
  return (
    <form action={action} className="panel" aria-label="Scale wording">
      {state.message && (
        <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
          <ShownText text={state.message} />
        </p>
      )}
      <input type="hidden" name="slug" value={slug} />
      <KeepTyped typed={state.typed}>
        <div className="grid-2">
          {(["likelihood", "severity"] as const).map((scale) => (
            <fieldset key={scale} className="field">
              <legend>{scale === "likelihood" ? "Likelihood" : "Severity"}</legend>
              {SCALE_STEPS.map((step) => (
                <label key={step} className="field">
                  {step}
                  <TypedInput name={`${scale}.${step}`} defaultValue={scaleTexts[scale][step]} maxLength={300} required />
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Save the wording
      </button>
    </form>
  );
}

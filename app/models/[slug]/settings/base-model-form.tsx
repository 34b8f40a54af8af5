"use client";
// The model a fine-tune was made from: an admin picks it among the other models, or none.
import { useActionState } from "react";
import { KeepTyped, TypedSelect } from "@/app/_components/typed-controls";
import { setBaseModelAction, type CheckpointPathState } from "./actions";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";
import { ShownText } from "@/app/_components/shown-text";

const initial: CheckpointPathState = { ok: false, message: null };

export function BaseModelForm({ slug, base, candidates }: { slug: string; base: string | null; candidates: { slug: string; name: string }[] }) {
  const [state, action, pending] = useActionState(setBaseModelAction, initial);
  return (
    <form action={action} className="panel" aria-label="Base model">
      {state.message && (
        <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
          <ShownText text={state.ok ? state.message : `Not saved: ${state.message}`} />
        </p>
      )}
      <input type="hidden" name="slug" value={slug} />
      <KeepTyped typed={state.typed}>
        <div className="field">
          <label htmlFor="base-model">Base model</label>
          <TypedSelect id="base-model" name="baseSlug" defaultValue={base ?? ""}>
            <option value="">none: not a fine-tune of a model here</option>
            {candidates.map((candidate) => (
              <option key={candidate.slug} value={candidate.slug}>
                {withBidiControlsNamed(candidate.name)} ({candidate.slug})
              </option>
            ))}
          </TypedSelect>
        </div>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Set the base model
      </button>
    </form>
  );
}

"use client";
// Whether whoever last changed a cell's judgement may also approve it: an admin's call per model.
import { useActionState } from "react";
import { setSeparationOfDutiesAction, type CheckpointPathState } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

const initial: CheckpointPathState = { ok: false, message: null };

export function SeparationOfDutiesForm({ slug, on }: { slug: string; on: boolean }) {
  const [state, action, pending] = useActionState(setSeparationOfDutiesAction, initial);
  return (
    <form action={action} className="panel" aria-label="Separation of duties">
      {state.message && (
        <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
          <ShownText text={state.message} />
        </p>
      )}
      <input type="hidden" name="slug" value={slug} />
      <label>
        <input type="checkbox" name="separationOfDuties" defaultChecked={on} /> The person who last changed a cell&apos;s judgement cannot approve it
      </label>
      <button type="submit" disabled={pending}>
        Save
      </button>
    </form>
  );
}

"use client";
// Sets the folder the embedded engine reads. The typed path stays in the field after a refusal,
// so it can be corrected instead of typed again.
import { useActionState, useState } from "react";
import { setCheckpointPathAction, type CheckpointPathState } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

const initial: CheckpointPathState = { ok: false, message: null };

export function CheckpointPathForm({ slug, current }: { slug: string; current: string }) {
  const [state, action, pending] = useActionState(setCheckpointPathAction, initial);
  const [checkpointPath, setCheckpointPath] = useState(current);
  return (
    <form action={action} className="panel">
      {state.message && (
        <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
          <ShownText text={state.ok ? state.message : `Not saved: ${state.message}`} />
        </p>
      )}
      <input type="hidden" name="slug" value={slug} />
      <div className="field">
        <label htmlFor="checkpoint-path">Checkpoint folder</label>
        <input
          id="checkpoint-path"
          name="checkpointPath"
          value={checkpointPath}
          onChange={(e) => setCheckpointPath(e.target.value)}
          maxLength={1024}
          required
          aria-invalid={state.ok || !state.message ? undefined : true}
        />
      </div>
      <button type="submit" className="primary" disabled={pending}>
        Set checkpoint
      </button>
    </form>
  );
}

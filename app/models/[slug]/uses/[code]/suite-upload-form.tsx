"use client";
// The use's test suite: what it holds now, and a suite file (the content/suites format) to give it one or replace it.
import { useActionState } from "react";
import { uploadSuiteAction } from "../actions";
import { ShownText } from "@/app/_components/shown-text";

export function SuiteUploadForm({ modelSlug }: { modelSlug: string }) {
  const [state, submit, pending] = useActionState(uploadSuiteAction, { ok: false, message: null });
  return (
    <form action={submit} className="toolbar" aria-label="Upload this use's test suite">
      <input type="hidden" name="modelSlug" value={modelSlug} />
      <label className="field">
        Suite file (YAML, as in content/suites)
        <input name="suite" type="file" accept=".yaml,.yml" required />
      </label>
      <button type="submit" disabled={pending}>
        Upload the suite
      </button>
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "summary" : "field-error"}>
          <ShownText text={state.message} />
        </span>
      )}
    </form>
  );
}

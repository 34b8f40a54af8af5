"use client";
// A reviewer proposes an override of an imported result's verdict with a reason (or takes one
// back); a second reviewer confirms it. No verdict is chosen for them: the select starts empty.
import { useActionState } from "react";
import { confirmImportedOverrideAction, overrideImportedResultAction } from "../../../actions";

export function ImportedOverrideForm({ resultId, current }: { resultId: string; current: string | null }) {
  const [result, submit, pending] = useActionState(overrideImportedResultAction, null);
  return (
    <form action={submit} className="panel" aria-label="Override the verdict">
      <input type="hidden" name="resultId" value={resultId} />
      <label className="field">
        Verdict that should count
        <select name="verdict" defaultValue="" required>
          <option value="" disabled>
            choose…
          </option>
          <option value="PASS">pass</option>
          <option value="FAIL">fail</option>
          {current && <option value="WITHDRAW">take the override back (the tool&apos;s verdict counts)</option>}
        </select>
      </label>
      <label className="field">
        Reason (kept in the audit log)
        <textarea name="reason" required minLength={3} rows={3} />
      </label>
      <button type="submit" disabled={pending}>
        Propose override
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <p className="notice notice-ok">
          {result.pending ? "Proposed: it counts once a second reviewer confirms it." : "Taken back: the tool's verdict counts."}
        </p>
      )}
    </form>
  );
}

export function ConfirmImportedOverrideForm({ resultId }: { resultId: string }) {
  const [result, submit, pending] = useActionState(confirmImportedOverrideAction, null);
  return (
    <form action={submit} className="panel" aria-label="Confirm the proposed override">
      <input type="hidden" name="resultId" value={resultId} />
      <button type="submit" disabled={pending}>
        Confirm the proposed override
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.message}
        </p>
      )}
      {result?.ok && <p className="notice notice-ok">Confirmed: the import&apos;s evidence counts it.</p>}
    </form>
  );
}

"use client";
// A reviewer overrides this run's verdict with a reason (or takes an override back). The
// detectors' verdict stays on record beside it; the change goes to the audit log.
import { useActionState } from "react";
import { overrideVerdictAction } from "../../../actions";

export function OverrideForm({ caseRunId, current }: { caseRunId: string; current: string | null }) {
  const [result, submit, pending] = useActionState(overrideVerdictAction, null);
  return (
    <form action={submit} className="panel" aria-label="Override the verdict">
      <input type="hidden" name="caseRunId" value={caseRunId} />
      <label className="field">
        Verdict that should count
        <select name="verdict" defaultValue={current ?? "PASS"}>
          <option value="PASS">pass</option>
          <option value="FAIL">fail</option>
          {current && <option value="">take the override back (the detectors&apos; verdict counts)</option>}
        </select>
      </label>
      <label className="field">
        Reason (kept in the audit log)
        <textarea name="reason" required minLength={3} rows={3} />
      </label>
      <button type="submit" disabled={pending}>
        Save override
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.message}
        </p>
      )}
      {result?.ok && <p className="notice notice-ok">Saved; the campaign&apos;s evidence counts it.</p>}
    </form>
  );
}

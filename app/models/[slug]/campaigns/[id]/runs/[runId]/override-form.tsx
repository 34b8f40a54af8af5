"use client";
// A reviewer proposes an override of this run's verdict with a reason (or takes one back); a
// second reviewer confirms it. No verdict is chosen for them: the select starts empty.
import { useActionState } from "react";
import { confirmOverrideAction, overrideVerdictAction } from "../../../actions";

export function OverrideForm({ caseRunId, current }: { caseRunId: string; current: string | null }) {
  const [result, submit, pending] = useActionState(overrideVerdictAction, null);
  return (
    <form action={submit} className="panel" aria-label="Override the verdict">
      <input type="hidden" name="caseRunId" value={caseRunId} />
      <label className="field">
        Verdict that should count
        <select name="verdict" defaultValue="" required>
          <option value="" disabled>
            choose…
          </option>
          <option value="PASS">pass</option>
          <option value="FAIL">fail</option>
          {current && <option value="WITHDRAW">take the override back (the detectors&apos; verdict counts)</option>}
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
          {result.pending ? "Proposed: it counts once a second reviewer confirms it." : "Taken back: the detectors' verdict counts."}
        </p>
      )}
    </form>
  );
}

export function ConfirmOverrideForm({ caseRunId }: { caseRunId: string }) {
  const [result, submit, pending] = useActionState(confirmOverrideAction, null);
  return (
    <form action={submit} className="panel" aria-label="Confirm the proposed override">
      <input type="hidden" name="caseRunId" value={caseRunId} />
      <button type="submit" disabled={pending}>
        Confirm the proposed override
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.message}
        </p>
      )}
      {result?.ok && <p className="notice notice-ok">Confirmed: the campaign&apos;s evidence counts it.</p>}
    </form>
  );
}

"use client";
// The override of one verdict, on every page that shows a source's verdict (a campaign's case run,
// an imported result): a reviewer proposes another verdict with a reason (or takes one back), and
// anyone else who may override confirms a pending proposal. No verdict is chosen for them: the
// select starts empty. The page passes its source's server actions.
import { useActionState } from "react";
import type { OverrideResult } from "@/lib/evidence/verdict-override";
import { WITHDRAW } from "./override-input";
import { KeepTyped, TypedSelect, TypedTextarea } from "./typed-controls";
import type { WithTyped } from "./typed-fields";
import { ShownText } from "@/app/_components/shown-text";

type OverrideAction = (previous: WithTyped<OverrideResult> | null, form: FormData) => Promise<WithTyped<OverrideResult>>;

interface Props {
  /** The form field naming the row, as the source's actions read it ("caseRunId"). */
  idField: string;
  row: { id: string; overrideVerdict: string | null; overrideConfirmed: boolean; overrideById: string | null };
  viewerId: string | null;
  propose: OverrideAction;
  confirm: OverrideAction;
  /** The verdict an override stands in for, as the page names it: "the detectors' verdict". */
  ownVerdict: string;
  /** Where a confirmed override counts: "the campaign's evidence". */
  countedIn: string;
}

export function OverrideForms({ idField, row, viewerId, propose, confirm, ownVerdict, countedIn }: Props) {
  const awaitsViewer = row.overrideVerdict !== null && !row.overrideConfirmed && row.overrideById !== viewerId;
  return (
    <>
      <h2>Override</h2>
      {awaitsViewer && <ConfirmOverrideForm idField={idField} id={row.id} confirm={confirm} countedIn={countedIn} />}
      <ProposeOverrideForm idField={idField} id={row.id} current={row.overrideVerdict} propose={propose} ownVerdict={ownVerdict} />
    </>
  );
}

function ProposeOverrideForm({
  idField,
  id,
  current,
  propose,
  ownVerdict,
}: Pick<Props, "idField" | "propose" | "ownVerdict"> & { id: string; current: string | null }) {
  const [result, submit, pending] = useActionState(propose, null);
  return (
    <form action={submit} className="panel" aria-label="Override the verdict">
      <input type="hidden" name={idField} value={id} />
      <KeepTyped typed={result?.typed}>
        <label className="field">
          Verdict that should count
          <TypedSelect name="verdict" defaultValue="" required>
            <option value="" disabled>
              choose…
            </option>
            <option value="PASS">pass</option>
            <option value="FAIL">fail</option>
            {current && <option value={WITHDRAW}>take the override back ({ownVerdict} counts)</option>}
          </TypedSelect>
        </label>
        <label className="field">
          Reason (kept in the audit log)
          <TypedTextarea name="reason" required minLength={3} rows={3} />
        </label>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Propose override
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          <ShownText text={result.message} />
        </p>
      )}
      {result?.ok && (
        <p className="notice notice-ok">{result.pending ? "Proposed: it counts once a second reviewer confirms it." : `Taken back: ${ownVerdict} counts.`}</p>
      )}
    </form>
  );
}

function ConfirmOverrideForm({ idField, id, confirm, countedIn }: Pick<Props, "idField" | "confirm" | "countedIn"> & { id: string }) {
  const [result, submit, pending] = useActionState(confirm, null);
  return (
    <form action={submit} className="panel" aria-label="Confirm the proposed override">
      <input type="hidden" name={idField} value={id} />
      <button type="submit" disabled={pending}>
        Confirm the proposed override
      </button>
      {result && !result.ok && (
        <p role="alert" className="field-error">
          <ShownText text={result.message} />
        </p>
      )}
      {result?.ok && <p className="notice notice-ok">Confirmed: {countedIn} counts it.</p>}
    </form>
  );
}

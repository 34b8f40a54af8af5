"use client";
// An approver signs the use's deploy decision: an outcome no laxer than the rules compute, the
// rules' conditions (shown, always included) plus their own, an expiry date and a note.
import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { KeepTyped, TypedInput, TypedSelect, TypedTextarea } from "@/app/_components/typed-controls";
import { DEPLOY_OUTCOMES, deployOutcomeLabel, outcomeRank, type DeployOutcome } from "@/lib/deploy-decisions/outcomes";
import { signDeployDecisionAction } from "../actions";
import { ShownText } from "@/app/_components/shown-text";

interface Props {
  slug: string;
  useCode: string;
  computed: DeployOutcome;
  computedConditions: string[];
  basis: string;
}

export function SignDecisionForm({ slug, useCode, computed, computedConditions, basis }: Props) {
  const [state, submit, pending] = useActionState(signDeployDecisionAction, { ok: false, message: null });
  const allowed = DEPLOY_OUTCOMES.filter((outcome) => outcomeRank[outcome] >= outcomeRank[computed]);
  return (
    <form action={submit} aria-label="Sign the deploy decision">
      <h3>Sign the decision</h3>
      <input type="hidden" name="modelSlug" value={slug} />
      <input type="hidden" name="useCode" value={useCode} />
      <input type="hidden" name="basis" value={basis} />
      <KeepTyped typed={state.typed}>
        <Field id="decision-outcome" label="Outcome" error={state.fields?.outcome}>
          {(control) => (
            <TypedSelect {...control} name="outcome" defaultValue={computed}>
              {allowed.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {deployOutcomeLabel[outcome]}
                </option>
              ))}
            </TypedSelect>
          )}
        </Field>
        {computedConditions.length > 0 && (
          <div>
            <p className="small">The rules&rsquo; conditions, always part of the signed decision:</p>
            <ol className="small">
              {computedConditions.map((condition) => (
                <li key={condition}>{condition}</li>
              ))}
            </ol>
          </div>
        )}
        <Field id="decision-conditions" label="Your own conditions (one a line)" error={state.fields?.conditions}>
          {(control) => <TypedTextarea {...control} name="conditions" rows={3} />}
        </Field>
        <Field id="decision-expires" label="Expires on" error={state.fields?.expiresAt}>
          {(control) => <TypedInput {...control} name="expiresAt" type="date" required />}
        </Field>
        <Field id="decision-note" label="Note (kept with the decision and in the audit log)" error={state.fields?.note}>
          {(control) => <TypedTextarea {...control} name="note" rows={2} />}
        </Field>
      </KeepTyped>
      <button type="submit" disabled={pending}>
        Sign the decision
      </button>
      {state.message && (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "summary" : "field-error"}>
          <ShownText text={state.message} />
        </p>
      )}
    </form>
  );
}

// The judgement fields of one cell in the editor: whether the risk applies, who is at risk, likelihood and severity
// with the level they make, rationale, each mitigation's status, review status and owner, the evidence threshold,
// due date and a residual-risk acceptance. The editor owns the form's state; this only shows and changes it.
import type { ReactNode } from "react";
import { approvalBasis, gateEvidenceOf } from "@/lib/cells/approval-gate";
import { reviewStatusChoices } from "@/lib/cells/cell-permissions";
import type { CellView } from "@/lib/matrix/cell-view";
import type { EditedRisk } from "@/lib/matrix/cell-editing";
import { riskLevel } from "@/lib/domain/level";
import type { ScaleTexts } from "@/lib/models/scale-texts";
import {
  APPLIES,
  MITIGATION_STATUSES,
  SUBJECTS_AT_RISK,
  appliesLabel,
  mitigationStatusLabel,
  reviewStatusLabel,
  subjectAtRiskLabel,
  type ReviewStatus,
  type Role,
} from "@/lib/domain/vocabulary";
import { LevelBadge } from "@/app/_components/cell-badges";
import { Field } from "@/app/_components/field";
import type { CellForm } from "./cell-form";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

interface Props {
  form: CellForm;
  update: <K extends keyof CellForm>(key: K, value: CellForm[K]) => void;
  /** Messages by field name (`mitigationStatus.<id>` for a mitigation's status). */
  errors: Record<string, string>;
  fieldId: (name: string) => string;
  risk: EditedRisk;
  people: { id: string; name: string }[];
  role: Role;
  /** The review status as saved: which statuses a role may choose next depends on it. */
  savedReviewStatus: ReviewStatus;
  evidenceStatus: CellView["evidence"]["status"];
  scaleTexts: ScaleTexts;
  personName: (id: string) => string;
  canEdit: boolean;
}

export function CellJudgementFields({
  form,
  update,
  errors,
  fieldId,
  risk,
  people,
  role,
  savedReviewStatus,
  evidenceStatus,
  scaleTexts,
  personName,
  canEdit,
}: Props) {
  const mayApprove = reviewStatusChoices(role, "IN_REVIEW").includes("APPROVED");
  const derived = riskLevel(scaleValue(form.likelihood), scaleValue(form.severity));
  const errorFor = (name: string): ReactNode =>
    errors[name] ? (
      <span className="field-error" id={`${fieldId(name)}-error`}>
        <ShownText text={errors[name]} />
      </span>
    ) : null;
  const invalidProps = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${fieldId(name)}-error` } : {});

  return (
    <fieldset className="bare" disabled={!canEdit}>
      <fieldset>
        <legend>Does this risk apply to this use?</legend>
        <div className="choices">
          {APPLIES.map((value) => (
            <label key={value}>
              <input type="radio" name="applies" value={value} checked={form.applies === value} onChange={() => update("applies", value)} />
              {appliesLabel[value]}
            </label>
          ))}
        </div>
        {errorFor("applies")}
      </fieldset>

      <Field id={fieldId("subjectAtRisk")} label="Subject at risk" error={errors.subjectAtRisk}>
        {(control) => (
          <select {...control} value={form.subjectAtRisk} onChange={(e) => update("subjectAtRisk", e.target.value as CellForm["subjectAtRisk"])}>
            <option value="">— not set</option>
            {SUBJECTS_AT_RISK.map((value) => (
              <option key={value} value={value}>
                {subjectAtRiskLabel[value]}
              </option>
            ))}
          </select>
        )}
      </Field>

      <div className="field-row">
        {(["likelihood", "severity"] as const).map((scale) => (
          <Field
            key={scale}
            id={fieldId(scale)}
            label={`${scale === "likelihood" ? "Likelihood" : "Severity"} (1–5)`}
            error={errors[scale]}
            hint={<ScaleMeaning value={scaleValue(form[scale])} scale={scaleTexts[scale]} />}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={1}
                max={5}
                step={1}
                value={form[scale]}
                onChange={(e) => update(scale, e.target.value)}
              />
            )}
          </Field>
        ))}
      </div>
      <p className="derived" aria-live="polite">
        Level: <LevelBadge level={derived?.level ?? null} score={derived?.score} />
        <span className="muted small">likelihood × severity</span>
      </p>

      <Field id={fieldId("rationale")} label="Rationale" error={errors.rationale}>
        {(control) => <textarea {...control} value={form.rationale} onChange={(e) => update("rationale", e.target.value)} />}
      </Field>

      <fieldset>
        <legend>Mitigations of {risk.code}</legend>
        {risk.mitigations.length === 0 && <p className="muted small">This risk lists no mitigations.</p>}
        {risk.mitigations.map((mitigation) => (
          <div className="mitigation-status" key={mitigation.id}>
            <label htmlFor={fieldId(`m-${mitigation.id}`)}>
              <span>
                <ShownText text={mitigation.text} />
              </span>
            </label>
            <select
              id={fieldId(`m-${mitigation.id}`)}
              value={form.mitigationStatus[mitigation.id] ?? "NOT_STARTED"}
              // Left out of the form once the server refused it (retired or merged since the editor opened).
              disabled={!(mitigation.id in form.mitigationStatus)}
              onChange={(e) =>
                update("mitigationStatus", { ...form.mitigationStatus, [mitigation.id]: e.target.value as (typeof MITIGATION_STATUSES)[number] })
              }
              {...invalidProps(`mitigationStatus.${mitigation.id}`)}
            >
              {MITIGATION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {mitigationStatusLabel[status]}
                </option>
              ))}
            </select>
            {errorFor(`mitigationStatus.${mitigation.id}`)}
          </div>
        ))}
      </fieldset>

      <div className="field-row">
        <Field
          id={fieldId("reviewStatus")}
          label="Review status"
          error={errors.reviewStatus}
          hint={
            mayApprove && (
              <p className="small muted" data-testid="approval-basis">
                {approvalBasis(form.applies, gateEvidenceOf(risk.code, evidenceStatus)).message}
              </p>
            )
          }
        >
          {(control) => (
            <select {...control} value={form.reviewStatus} onChange={(e) => update("reviewStatus", e.target.value as CellForm["reviewStatus"])}>
              {reviewStatusChoices(role, savedReviewStatus).map((status) => (
                <option key={status} value={status}>
                  {reviewStatusLabel[status]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={fieldId("ownerId")} label="Owner" error={errors.ownerId}>
          {(control) => (
            <select {...control} value={form.ownerId} onChange={(e) => update("ownerId", e.target.value)}>
              <option value="">— nobody yet</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {withBidiControlsNamed(person.name)}
                </option>
              ))}
              {form.ownerId && !people.some((p) => p.id === form.ownerId) && (
                <option value={form.ownerId}>{withBidiControlsNamed(personName(form.ownerId))}</option>
              )}
            </select>
          )}
        </Field>
      </div>

      <div className="field-row">
        <Field
          id={fieldId("failureThreshold")}
          label="Failure threshold (%)"
          error={errors.failureThreshold}
          hint={<p className="small muted">the highest failure rate this use accepts for this risk</p>}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="decimal"
              min={0}
              max={100}
              step="any"
              value={form.failureThreshold}
              onChange={(e) => update("failureThreshold", e.target.value)}
            />
          )}
        </Field>
        <Field
          id={fieldId("minSampleSize")}
          label="Minimum sample"
          error={errors.minSampleSize}
          hint={<p className="small muted">cases a clean run needs before it passes</p>}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              value={form.minSampleSize}
              onChange={(e) => update("minSampleSize", e.target.value)}
            />
          )}
        </Field>
      </div>

      <Field id={fieldId("dueDate")} label="Due date" error={errors.dueDate}>
        {(control) => <input {...control} type="date" value={form.dueDate} onChange={(e) => update("dueDate", e.target.value)} />}
      </Field>

      {form.reviewStatus === "ACCEPTED" && (
        <fieldset>
          <legend>Residual risk acceptance</legend>
          <Field id={fieldId("acceptedUntil")} label="Accepted until" error={errors.acceptedUntil}>
            {(control) => <input {...control} type="date" value={form.acceptedUntil} onChange={(e) => update("acceptedUntil", e.target.value)} />}
          </Field>
          <Field id={fieldId("acceptanceJustification")} label="Justification" error={errors.acceptanceJustification}>
            {(control) => <textarea {...control} value={form.acceptanceJustification} onChange={(e) => update("acceptanceJustification", e.target.value)} />}
          </Field>
        </fieldset>
      )}
    </fieldset>
  );
}

/** What the chosen step of a 1-5 scale means (lib/domain/level.ts), with the page that explains them all. */
function ScaleMeaning({ value, scale }: { value: number | null; scale: Record<1 | 2 | 3 | 4 | 5, string> }) {
  return (
    <p className="small muted">
      {value ? `${value}: ${scale[value as 1 | 2 | 3 | 4 | 5]}` : `1 ${scale[1].split(":")[0]} … 5 ${scale[5].split(":")[0]}`} ·{" "}
      <a href="/how-riskledger-decides" target="_blank" rel="noopener">
        scales
      </a>
    </p>
  );
}

function scaleValue(value: string): number | null {
  const number = Number(value);
  return value.trim() !== "" && Number.isInteger(number) && number >= 1 && number <= 5 ? number : null;
}

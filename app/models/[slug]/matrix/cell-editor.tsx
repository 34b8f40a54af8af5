"use client";
// The editor of one cell, in a modal side panel. Saving sends only what the reviewer changed,
// with the version the editor started from; a conflict keeps everything typed and shows the
// other reviewer's change next to it.
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { approvalBasis, gateEvidenceOf } from "@/lib/cells/approval-gate";
import { mayEditCells, reviewStatusChoices } from "@/lib/cells/cell-permissions";
import type { UpdateCellResult } from "@/lib/cells/update-cell";
import { cellKeyLabel } from "@/lib/domain/cell-key";
import { riskLevel } from "@/lib/domain/level";
import type { ScaleTexts } from "@/lib/models/scale-texts";
import {
  APPLIES,
  MITIGATION_STATUSES,
  SUBJECTS_AT_RISK,
  appliesLabel,
  harmAreaLabel,
  mitigationStatusLabel,
  reviewStatusLabel,
  subjectAtRiskLabel,
  type Role,
} from "@/lib/domain/vocabulary";
import type { CellHistoryEntry } from "@/lib/matrix/load-cell-history";
import type { CellView } from "@/lib/matrix/cell-view";
import type { MatrixRisk, MatrixUse } from "@/lib/matrix/load-matrix";
import { LevelBadge } from "@/app/_components/cell-badges";
import { Field } from "@/app/_components/field";
import { formatTime } from "@/app/_components/format-time";
import { cellHistory, saveCell } from "./actions";
import { changesFrom, differingFields, formFromCell, type CellForm } from "./cell-form";
import { AttachEvidenceForm, CellEvidenceSection, useAttachedEvidence } from "./cell-evidence";
import { CellHistory } from "./cell-history";
import { ChangesSinceApproval } from "./changes-since-approval";
import { FieldComparison } from "./field-comparison";

interface Props {
  cell: CellView;
  risk: MatrixRisk;
  use: MatrixUse;
  people: { id: string; name: string }[];
  /** Viewers see the same form, read-only, and each role only the review statuses it may set; lib/ refuses the rest in any case. */
  role: Role;
  slug: string;
  /** How the audit log names the person editing: a conflict they caused in another tab says so. */
  actorLabel: string;
  /** What each likelihood and severity step means for this model. */
  scaleTexts: ScaleTexts;
  onClose: () => void;
}

interface Conflict {
  message: string;
  theirs: CellForm;
  theirVersion: number;
  changedBy: string | null;
  changedAt: Date | null;
}

type Notice = { tone: "ok" | "error"; text: string } | null;

export function CellEditor({ slug, cell, risk, use, people, role, actorLabel, scaleTexts, onClose }: Props) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [base, setBase] = useState(() => formFromCell(cell));
  const [baseVersion, setBaseVersion] = useState(cell.version);
  const [form, setForm] = useState(base);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [history, setHistory] = useState<CellHistoryEntry[] | null>(null);
  const [saving, startSaving] = useTransition();
  const [confirmingClose, setConfirmingClose] = useState(false);
  const unsaved = differingFields(form, base).length > 0;
  const evidence = useAttachedEvidence(cell.id, () => {
    cellHistory(cell.id).then(setHistory);
    router.refresh();
  });

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  // Leaving the page (reload, link, closing the tab) with unsaved changes asks the browser to confirm.
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  useEffect(() => {
    let live = true;
    cellHistory(cell.id).then((entries) => live && setHistory(entries));
    return () => {
      live = false;
    };
  }, [cell.id]);

  const update = <K extends keyof CellForm>(key: K, value: CellForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const canEdit = mayEditCells(role);
  const mayApprove = reviewStatusChoices(role, "IN_REVIEW").includes("APPROVED");
  const derived = riskLevel(scaleValue(form.likelihood), scaleValue(form.severity));

  /** Sends the fields changed since the editor opened (or last saved), against `version`. */
  function save(version = baseVersion) {
    startSaving(async () => {
      const result = await saveCell({ ref: { cellId: cell.id }, expectedVersion: version, changes: changesFrom(form, base) });
      showResult(result);
    });
  }

  function showResult(result: UpdateCellResult) {
    setErrors({});
    if (result.ok) {
      const saved = formFromCell(result.cell);
      setBase(saved);
      setBaseVersion(result.cell.version);
      setForm(saved);
      setConflict(null);
      setNotice({ tone: "ok", text: `Saved (version ${result.cell.version}).` });
      cellHistory(cell.id).then(setHistory);
      router.refresh();
      return;
    }
    if (result.kind === "conflict") {
      setConflict({
        message: result.message,
        theirs: formFromCell(result.current),
        theirVersion: result.current.version,
        changedBy: result.changedBy,
        changedAt: result.changedAt ? new Date(result.changedAt) : null,
      });
      setNotice(null);
      cellHistory(cell.id).then(setHistory);
      return;
    }
    if (result.kind === "invalid") {
      const byField: Record<string, string> = {};
      const unplaced: string[] = [];
      for (const issue of result.issues) {
        const field = issue.path.replace(/^changes\./, "");
        if (field in form || field.startsWith("mitigationStatus.")) byField[field] = issue.message;
        else unplaced.push(issue.message);
      }
      setErrors(byField);
      setNotice({ tone: "error", text: `Not saved: ${[...Object.values(byField), ...unplaced].join("; ")}` });
      return;
    }
    setNotice({ tone: "error", text: `Not saved: ${result.message}` });
  }

  function requestClose() {
    if (unsaved) setConfirmingClose(true);
    else dialog.current?.close();
  }

  /** Writes this reviewer's changes onto the other reviewer's version; fields left alone keep theirs. */
  function saveOverTheirs() {
    if (conflict) save(conflict.theirVersion);
  }

  function takeTheirs() {
    if (!conflict) return;
    setBase(conflict.theirs);
    setBaseVersion(conflict.theirVersion);
    setForm(conflict.theirs);
    setConflict(null);
    setNotice(null);
  }

  const fieldId = (name: string) => `${ids}-${name}`;
  const errorFor = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={`${fieldId(name)}-error`}>
        {errors[name]}
      </span>
    ) : null;
  const invalidProps = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${fieldId(name)}-error` } : {});
  const personName = (id: string) => people.find((p) => p.id === id)?.name ?? (id === cell.ownerId ? cell.ownerName : null) ?? id;

  return (
    <dialog
      ref={dialog}
      className="editor"
      aria-labelledby={fieldId("title")}
      onClose={onClose}
      onCancel={(event) => {
        // Escape: with unsaved changes, ask first instead of dropping what was typed.
        if (unsaved) {
          event.preventDefault();
          setConfirmingClose(true);
        }
      }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <div className="editor-head">
          <div>
            <div className="eyebrow">
              {cellKeyLabel(risk.code, use.code)} · {harmAreaLabel[risk.harmArea]}
            </div>
            <h2 id={fieldId("title")}>
              {risk.title} <span className="muted">in</span> {use.purpose}
            </h2>
          </div>
          <button type="button" className="close" onClick={requestClose} aria-label="Close editor">
            ✕
          </button>
        </div>

        <div className="editor-body">
          {confirmingClose && (
            <div className="notice notice-conflict" role="alertdialog" aria-label="Unsaved changes">
              <p>
                You changed {differingFields(form, base).length === 1 ? "a field" : `${differingFields(form, base).length} fields`} and did not save. Close
                anyway?
              </p>
              <div className="inline-form">
                <button type="button" className="primary" onClick={() => setConfirmingClose(false)}>
                  Keep editing
                </button>
                <button type="button" onClick={() => dialog.current?.close()}>
                  Discard my changes
                </button>
              </div>
            </div>
          )}
          {conflict && (
            <div className="notice notice-conflict" role="alert">
              <h3>
                {conflict.changedBy === actorLabel
                  ? "You saved this cell in another tab or window while editing here"
                  : "Someone else saved this cell while you were editing"}
              </h3>
              <p>{conflict.message}</p>
              <p className="small">
                Changed by <strong>{conflict.changedBy === actorLabel ? "you, in another tab or window" : (conflict.changedBy ?? "someone")}</strong>
                {conflict.changedAt && <> at {formatTime(conflict.changedAt)}</>}. Your values are still in the form below.
              </p>
              <FieldComparison
                fields={[...new Set([...differingFields(base, conflict.theirs), ...differingFields(form, base)])].filter((field) =>
                  differingFields(form, conflict.theirs).includes(field),
                )}
                columns={[
                  { heading: "Their version", form: conflict.theirs },
                  {
                    heading: "Yours (not saved)",
                    form,
                    // A field this editor did not touch is not sent: saving keeps theirs there.
                    kept: differingFields(base, conflict.theirs).filter((field) => !differingFields(form, base).includes(field)),
                    keptText: "not changed by you: theirs stays",
                  },
                ]}
                personName={personName}
                risk={risk}
              />
              <div className="inline-form">
                <button type="button" className="primary" onClick={saveOverTheirs} disabled={saving}>
                  Save mine over theirs
                </button>
                <button type="button" onClick={takeTheirs}>
                  Discard mine, use theirs
                </button>
              </div>
            </div>
          )}
          {notice && (
            <div className={`notice notice-${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"}>
              {notice.text}
            </div>
          )}

          <ChangesSinceApproval cell={cell} personName={personName} risk={risk} />

          {!canEdit && (
            <p className="notice notice-conflict" role="note">
              You can read this cell; changing it needs the reviewer role.
            </p>
          )}
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
              <Field
                id={fieldId("likelihood")}
                label="Likelihood (1–5)"
                error={errors.likelihood}
                hint={<ScaleMeaning value={scaleValue(form.likelihood)} scale={scaleTexts.likelihood} />}
              >
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={5}
                    step={1}
                    value={form.likelihood}
                    onChange={(e) => update("likelihood", e.target.value)}
                  />
                )}
              </Field>
              <Field
                id={fieldId("severity")}
                label="Severity (1–5)"
                error={errors.severity}
                hint={<ScaleMeaning value={scaleValue(form.severity)} scale={scaleTexts.severity} />}
              >
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={5}
                    step={1}
                    value={form.severity}
                    onChange={(e) => update("severity", e.target.value)}
                  />
                )}
              </Field>
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
                    <span>{mitigation.text}</span>
                  </label>
                  <select
                    id={fieldId(`m-${mitigation.id}`)}
                    value={form.mitigationStatus[mitigation.id] ?? "NOT_STARTED"}
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
                      {approvalBasis(form.applies, gateEvidenceOf(cell.evidence.status)).message}
                    </p>
                  )
                }
              >
                {(control) => (
                  <select {...control} value={form.reviewStatus} onChange={(e) => update("reviewStatus", e.target.value as CellForm["reviewStatus"])}>
                    {reviewStatusChoices(role, base.reviewStatus).map((status) => (
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
                        {person.name}
                      </option>
                    ))}
                    {form.ownerId && !people.some((p) => p.id === form.ownerId) && <option value={form.ownerId}>{personName(form.ownerId)}</option>}
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
                  {(control) => (
                    <textarea {...control} value={form.acceptanceJustification} onChange={(e) => update("acceptanceJustification", e.target.value)} />
                  )}
                </Field>
              </fieldset>
            )}
          </fieldset>

          <CellEvidenceSection slug={slug} cell={cell} canEdit={canEdit} attaching={evidence} formId={fieldId("evidence-form")} />

          <h3>History</h3>
          <CellHistory entries={history} />
        </div>

        <div className="editor-foot">
          <button type="submit" className="primary" disabled={saving || !canEdit}>
            {saving ? "Saving…" : "Save"}
          </button>
          <button type="button" onClick={requestClose}>
            Close
          </button>
          <span className="muted small" aria-live="polite">
            {unsaved ? "Unsaved changes" : `Version ${baseVersion}`}
          </span>
        </div>
      </form>
      {/* The attach fields sit in the editor body and point here with form=, so Enter in them
          attaches evidence instead of saving the cell (forms cannot nest). */}
      <AttachEvidenceForm id={fieldId("evidence-form")} attaching={evidence} />
    </dialog>
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

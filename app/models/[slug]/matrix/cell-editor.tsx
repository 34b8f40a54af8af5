"use client";
// The editor of one cell, in a modal side panel. Saving sends only what the reviewer changed,
// with the version the editor started from; a conflict keeps everything typed and shows the
// other reviewer's change next to it.
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { mayEditCells } from "@/lib/cells/cell-permissions";
import type { UpdateCellResult } from "@/lib/cells/update-cell";
import { cellKeyLabel } from "@/lib/domain/cell-key";
import { harmAreaLabel, type Role } from "@/lib/domain/vocabulary";
import type { CellHistoryEntry } from "@/lib/matrix/load-cell-history";
import type { CellEditing } from "@/lib/matrix/cell-editing";
import { cellHistory, saveCell } from "./actions";
import { changesFrom, differingFields, formFromCell, withoutRefusedMitigations, type CellForm } from "./cell-form";
import { type Conflict, ConflictNotice, UnsavedChangesPrompt } from "./cell-conflict";
import { AttachEvidenceForm, CellEvidenceSection, useAttachedEvidence } from "./cell-evidence";
import { CellHistory } from "./cell-history";
import { CellJudgementFields } from "./cell-judgement-fields";
import { ChangesSinceApproval } from "./changes-since-approval";
import { ShownText } from "@/app/_components/shown-text";

interface Props extends CellEditing {
  people: { id: string; name: string }[];
  /** Viewers see the same form, read-only, and each role only the review statuses it may set; lib/ refuses the rest in any case. */
  role: Role;
  slug: string;
  /** How the audit log names the person editing: a conflict they caused in another tab says so. */
  actorLabel: string;
  /** Loads the cell again: after a save or an attachment its evidence and approval may have changed. */
  onChanged: () => void;
  onClose: () => void;
}

type Notice = { tone: "ok" | "error"; text: string } | null;

export function CellEditor({
  slug,
  cell,
  risk,
  use,
  people,
  role,
  actorLabel,
  scaleTexts,
  history: initialHistory,
  attachedEvidence,
  onChanged,
  onClose,
}: Props) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = useId();
  const [base, setBase] = useState(() => formFromCell(cell));
  const [baseVersion, setBaseVersion] = useState(cell.version);
  const [form, setForm] = useState(base);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [history, setHistory] = useState<CellHistoryEntry[]>(initialHistory);
  const [saving, startSaving] = useTransition();
  const [confirmingClose, setConfirmingClose] = useState(false);
  const unsaved = differingFields(form, base).length > 0;
  const evidence = useAttachedEvidence(cell.id, attachedEvidence, () => {
    cellHistory(cell.id).then(setHistory);
    onChanged();
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

  const update = <K extends keyof CellForm>(key: K, value: CellForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const canEdit = mayEditCells(role);

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
      onChanged();
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
      const leftOut = result.issues.some((issue) => /^(changes\.)?mitigationStatus\./.test(issue.path));
      if (leftOut) {
        setForm((current) => withoutRefusedMitigations(current, result.issues));
        setBase((current) => withoutRefusedMitigations(current, result.issues));
      }
      const next = leftOut ? ". The mitigations named are left out now: save again to keep your other changes." : "";
      setNotice({ tone: "error", text: `Not saved: ${[...Object.values(byField), ...unplaced].join("; ")}${next}` });
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
              <ShownText text={risk.title} /> <span className="muted">in</span> <ShownText text={use.purpose} />
            </h2>
          </div>
          <button type="button" className="close" onClick={requestClose} aria-label="Close editor">
            ✕
          </button>
        </div>

        <div className="editor-body">
          {confirmingClose && (
            <UnsavedChangesPrompt
              fieldsChanged={differingFields(form, base).length}
              onKeepEditing={() => setConfirmingClose(false)}
              onDiscard={() => dialog.current?.close()}
            />
          )}
          {conflict && (
            <ConflictNotice
              conflict={conflict}
              form={form}
              base={base}
              actorLabel={actorLabel}
              personName={personName}
              risk={risk}
              saving={saving}
              onSaveMine={saveOverTheirs}
              onTakeTheirs={takeTheirs}
            />
          )}
          {notice && (
            <div className={`notice notice-${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"}>
              <ShownText text={notice.text} />
            </div>
          )}

          <ChangesSinceApproval cell={cell} personName={personName} risk={risk} />

          {!canEdit && (
            <p className="notice notice-conflict" role="note">
              You can read this cell; changing it needs the reviewer role.
            </p>
          )}
          <CellJudgementFields
            form={form}
            update={update}
            errors={errors}
            fieldId={fieldId}
            risk={risk}
            people={people}
            role={role}
            savedReviewStatus={base.reviewStatus}
            evidenceStatus={cell.evidence.status}
            scaleTexts={scaleTexts}
            personName={personName}
            canEdit={canEdit}
          />

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

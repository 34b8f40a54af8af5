// What the cell editor shows when saving met another reviewer's newer version (theirs and yours side by side, with
// the two ways out), and when closing would drop unsaved changes.
import type { EditedRisk } from "@/lib/matrix/cell-editing";
import { formatTime } from "@/app/_components/format-time";
import { differingFields, type CellForm } from "./cell-form";
import { FieldComparison } from "./field-comparison";
import { ShownText } from "@/app/_components/shown-text";

export interface Conflict {
  message: string;
  theirs: CellForm;
  theirVersion: number;
  changedBy: string | null;
  changedAt: Date | null;
}

interface ConflictProps {
  conflict: Conflict;
  /** What this editor holds now, and what it started from. */
  form: CellForm;
  base: CellForm;
  /** How the audit log names the person editing: a conflict they caused in another tab says so. */
  actorLabel: string;
  personName: (id: string) => string;
  risk: EditedRisk;
  saving: boolean;
  onSaveMine: () => void;
  onTakeTheirs: () => void;
}

export function ConflictNotice({ conflict, form, base, actorLabel, personName, risk, saving, onSaveMine, onTakeTheirs }: ConflictProps) {
  return (
    <div className="notice notice-conflict" role="alert">
      <h3>
        {conflict.changedBy === actorLabel
          ? "You saved this cell in another tab or window while editing here"
          : "Someone else saved this cell while you were editing"}
      </h3>
      <p>
        <ShownText text={conflict.message} />
      </p>
      <p className="small">
        Changed by <strong>{conflict.changedBy === actorLabel ? "you, in another tab or window" : <ShownText text={conflict.changedBy ?? "someone"} />}</strong>
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
        <button type="button" className="primary" onClick={onSaveMine} disabled={saving}>
          Save mine over theirs
        </button>
        <button type="button" onClick={onTakeTheirs}>
          Discard mine, use theirs
        </button>
      </div>
    </div>
  );
}

export function UnsavedChangesPrompt({ fieldsChanged, onKeepEditing, onDiscard }: { fieldsChanged: number; onKeepEditing: () => void; onDiscard: () => void }) {
  return (
    <div className="notice notice-conflict" role="alertdialog" aria-label="Unsaved changes">
      <p>You changed {fieldsChanged === 1 ? "a field" : `${fieldsChanged} fields`} and did not save. Close anyway?</p>
      <div className="inline-form">
        <button type="button" className="primary" onClick={onKeepEditing}>
          Keep editing
        </button>
        <button type="button" onClick={onDiscard}>
          Discard my changes
        </button>
      </div>
    </div>
  );
}

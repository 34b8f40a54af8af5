"use client";
// Edits a mitigation's one stored text; every risk and cell listing it shows the change. The version
// the page showed goes with the edit, so an edit made over someone else's is refused, not lost.
import { useId, useState, useTransition } from "react";
import { editMitigationTextAction } from "./actions";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

export function MitigationTextForm({ id, text, version: pageVersion }: { id: string; text: string; version: number }) {
  // After a conflict, the version its refusal carried: the refusal showed the other person's text,
  // so saving again goes through (with the page's version every retry conflicted until a reload).
  const [conflictVersion, setConflictVersion] = useState<number | null>(null);
  const version = Math.max(pageVersion, conflictVersion ?? 0);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(text);
  const [error, setError] = useState<string | null>(null);
  const [saving, startSaving] = useTransition();
  const inputId = useId();

  if (!editing) {
    return (
      <div className="inline-form">
        <span className="mitigation-text">
          <ShownText text={text} />
        </span>
        <button
          type="button"
          className="small"
          onClick={() => {
            setValue(text);
            setEditing(true);
          }}
          aria-label={`Edit text of "${withBidiControlsNamed(text)}"`}
        >
          Edit
        </button>
      </div>
    );
  }
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        startSaving(async () => {
          const result = await editMitigationTextAction({ mitigationId: id, expectedVersion: version, text: value });
          if (result.ok) {
            setEditing(false);
            setError(null);
            return;
          }
          if (result.kind === "conflict") setConflictVersion(result.version);
          setError(result.message);
        });
      }}
    >
      <label htmlFor={inputId} className="visually-hidden">
        Mitigation text
      </label>
      <div className="field grow">
        <input
          id={inputId}
          type="text"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          // biome-ignore lint/a11y/noAutofocus: the field appears only after the person pressed Edit, so focus follows their action
          autoFocus
        />
        {error && (
          <span className="field-error" id={`${inputId}-error`} role="alert">
            <ShownText text={error} />
          </span>
        )}
      </div>
      <button type="submit" className="primary" disabled={saving}>
        Save
      </button>
      <button
        type="button"
        onClick={() => {
          setEditing(false);
          setError(null);
        }}
      >
        Cancel
      </button>
    </form>
  );
}

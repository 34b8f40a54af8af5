// One labelled form field: the label, the control, its error (announced and tied to the control by
// aria-describedby) and an optional hint. The control is rendered by the caller with the props this
// passes, so inputs, selects and textareas share one markup. An error may quote what was typed, so
// a bidirectional control in it is shown, not applied.
import type { ReactNode } from "react";
import { ShownText } from "./shown-text";

export interface ControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

interface Props {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}

export function Field({ id, label, error, hint, children }: Props) {
  const control: ControlProps = error ? { id, "aria-invalid": true, "aria-describedby": `${id}-error` } : { id };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(control)}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          <ShownText text={error} />
        </span>
      )}
      {hint}
    </div>
  );
}

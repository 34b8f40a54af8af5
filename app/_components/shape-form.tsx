"use client";
// A small form that runs one server action and says what came of it: the risks' and uses' add,
// edit, move and retire forms. The fields are the caller's: typed-controls' fields start, after a
// refusal, from what was typed in them.
import { useActionState, type ReactNode } from "react";
import { ShownText } from "./shown-text";
import { KeepTyped } from "./typed-controls";
import type { TypedFields } from "./typed-fields";

export interface ShapeFormState {
  ok: boolean;
  message: string | null;
  typed?: TypedFields;
}

interface Props {
  action: (previous: ShapeFormState, form: FormData) => Promise<ShapeFormState>;
  label: string;
  submit: string;
  className?: string;
  children: ReactNode;
}

export function ShapeForm({ action, label, submit, className, children }: Props) {
  const [state, run, pending] = useActionState(action, { ok: false, message: null });
  return (
    <form action={run} aria-label={label} className={className}>
      <KeepTyped typed={state.typed}>{children}</KeepTyped>
      <button type="submit" className="small" disabled={pending}>
        {submit}
      </button>
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "summary" : "field-error"}>
          {" "}
          <ShownText text={state.message} />
        </span>
      )}
    </form>
  );
}

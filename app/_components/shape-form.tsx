"use client";
// A small form that runs one server action and says what came of it: the risks' and uses' add,
// edit, move and retire forms. The fields are the caller's.
import { useActionState, type ReactNode } from "react";

export interface ShapeFormState {
  ok: boolean;
  message: string | null;
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
      {children}
      <button type="submit" className="small" disabled={pending}>
        {submit}
      </button>
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "summary" : "field-error"}>
          {" "}
          {state.message}
        </span>
      )}
    </form>
  );
}

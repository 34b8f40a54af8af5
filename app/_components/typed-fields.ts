// What a refused form carried, for the form to show again. React resets a form's fields once its
// action ends, refusal or not, so a field went back to its default (empty, or what is stored) and
// what the person typed was lost while the message beside it named it. A refusing action answers
// with the fields as typed, and the form takes them as its defaults.

/** A form's fields as typed, by name: every value a name sent, in order (ticked checkboxes send several). */
export type TypedFields = Record<string, string[]>;

/** An action's answer: a refusal carries the fields as typed. */
export type WithTyped<Result> = Result & { typed?: TypedFields };

/** The form's text fields; a file cannot be given back, and React's own `$ACTION_` fields are not the person's. */
export function typedFields(form: FormData): TypedFields {
  const typed: TypedFields = {};
  for (const [name, value] of form) {
    if (typeof value !== "string" || name.startsWith("$ACTION_")) continue;
    typed[name] = [...(typed[name] ?? []), value];
  }
  return typed;
}

/**
 * A refusal's fields as typed. A conflict's refusal carries the row's current version and says what
 * the other person changed; the form's version field takes that version, so saving again, once they
 * have seen the change, goes through (with the version the page was opened with, every retry
 * conflicted again until a reload).
 */
export function typedAfterRefusal(refusal: { kind?: string; version?: number }, form: FormData): TypedFields {
  const { expectedVersion: _sent, ...typed } = typedFields(form);
  // Any other refusal leaves the version to the page, which a later save of another form may have moved on.
  return refusal.kind === "conflict" && refusal.version !== undefined ? { ...typed, expectedVersion: [String(refusal.version)] } : typed;
}

/** The result as it is when it succeeded; a refusal with the fields as typed. */
export function echoTypedOnRefusal<Result extends { ok: boolean }>(result: Result, form: FormData): WithTyped<Result> {
  return result.ok ? result : { ...result, typed: typedFields(form) };
}

/** A field's default: after a refusal, what was typed in it; otherwise its own. */
export function typedOr(typed: TypedFields | undefined, name: string, otherwise?: string): string | undefined {
  return typed?.[name]?.[0] ?? otherwise;
}

/** Whether a checkbox or radio starts ticked: after a refusal, as it was sent; otherwise its own. */
export function typedChecked(typed: TypedFields | undefined, name: string, value: string, otherwise = false): boolean {
  if (!typed) return otherwise;
  return typed[name]?.includes(value) ?? false;
}

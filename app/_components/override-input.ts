// What the override forms post, read back into an override command's input. Taking an override
// back is a choice of its own, so "" (the select's unchosen placeholder) reaches the command's
// schema and is refused there, never read as a withdrawal.
export const WITHDRAW = "WITHDRAW";

/** The propose command's input from the form; `idField` names the row as the source's command reads it ("caseRunId"). */
export function proposedOverrideFromForm(form: FormData, idField: string) {
  const verdict = form.get("verdict");
  return { [idField]: form.get(idField), verdict: verdict === WITHDRAW ? null : verdict, reason: form.get("reason") };
}

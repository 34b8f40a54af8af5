"use server";
// People and roles: each action hands the form to one lib/users function, which checks that the
// actor is an admin and audits the change.
import { revalidatePath } from "next/cache";
import { createUser } from "@/lib/users/create-user";
import { resetPassword } from "@/lib/users/reset-password";
import { setDisabled } from "@/lib/users/set-disabled";
import { setRole } from "@/lib/users/set-role";
import { refuseNotAForm, runAsSignedIn } from "@/lib/commands/run-in-request";
import { typedFields, type TypedFields } from "@/app/_components/typed-fields";

export interface PeopleActionState {
  message: string | null;
  ok: boolean;
  /** Why lib/users refused, when it did: invalid, forbidden, not_found, exists. */
  kind?: string;
  /** Shown once after creating a person or resetting a password; never stored in clear. */
  oneTimePassword?: string;
  /** A refusal's fields as typed, for the form to show again. */
  typed?: TypedFields;
}

export async function createUserAction(_previous: PeopleActionState, form: FormData): Promise<PeopleActionState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(createUser, {
    email: form.get("email"),
    name: form.get("name"),
    role: form.get("role"),
  });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message, typed: typedFields(form) };
  revalidatePath("/admin/users");
  return { ok: true, message: `Created ${result.user.name} <${result.user.email}>.`, oneTimePassword: result.oneTimePassword };
}

export async function setRoleAction(_previous: PeopleActionState, form: FormData): Promise<PeopleActionState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(setRole, { user: { userId: form.get("userId") }, role: form.get("role") });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  revalidatePath("/admin/users");
  return { ok: true, message: `${result.user.email} is now ${result.user.role.toLowerCase()}.` };
}

export async function setDisabledAction(_previous: PeopleActionState, form: FormData): Promise<PeopleActionState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(setDisabled, { user: { userId: form.get("userId") }, disabled: form.get("disabled") === "true" });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  revalidatePath("/admin/users");
  return { ok: true, message: `${result.user.email} is ${result.user.disabled ? "disabled" : "enabled"}.` };
}

export async function resetPasswordAction(_previous: PeopleActionState, form: FormData): Promise<PeopleActionState> {
  const notAForm = await refuseNotAForm(form);
  if (notAForm) return notAForm;
  const result = await runAsSignedIn(resetPassword, { user: { userId: form.get("userId") } });
  if (!result.ok) return { ok: false, kind: result.kind, message: result.message };
  revalidatePath("/admin/users");
  return {
    ok: true,
    message: `${result.user.email}'s password is reset; ${result.sessionsEnded} sessions ended. It works once, then they choose their own.`,
    oneTimePassword: result.oneTimePassword,
  };
}

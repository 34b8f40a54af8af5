"use server";
// Changing one's own password: lib/users/change-password.ts does the work.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current-actor";
import { SIGN_IN_PATH } from "@/lib/auth/paths";
import { safeNextPath } from "@/lib/auth/sign-in";
import { getDb } from "@/lib/db/client";
import { changeOwnPassword } from "@/lib/users/change-password";
import { notAFormRefusal } from "@/lib/commands/run-in-request";

export interface ChangePasswordState {
  message: string | null;
  ok: boolean;
}

export async function changePasswordAction(_previous: ChangePasswordState, form: FormData): Promise<ChangePasswordState> {
  // A session that must change its one-time password may call this: currentActor would send it here.
  const session = await currentSession();
  if (!session) redirect(SIGN_IN_PATH);
  const notAForm = notAFormRefusal(form);
  if (notAForm) return notAForm;
  const result = await changeOwnPassword(
    getDb(),
    session.actor,
    {
      currentPassword: form.get("currentPassword") ?? undefined,
      newPassword: form.get("newPassword"),
      confirmPassword: form.get("confirmPassword"),
    },
    { keepSessionId: session.sessionId },
  );
  if (!result.ok) return { ok: false, message: result.message };
  if (session.mustChangePassword) {
    // The layout's session bar was drawn for a session that could do nothing: draw it again.
    revalidatePath("/", "layout");
    redirect(safeNextPath(form.get("next")));
  }
  const others = result.sessionsEnded === 1 ? "1 other session was" : `${result.sessionsEnded} other sessions were`;
  return { ok: true, message: `Your password is changed; ${others} signed out.` };
}

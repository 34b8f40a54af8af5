"use client";
import { useActionState } from "react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/auth-limits";
import { changePasswordAction, type ChangePasswordState } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

export function ChangePasswordForm({ oneTime, next }: { oneTime: boolean; next: string }) {
  const [state, action, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, { ok: false, message: null });
  return (
    <form action={action} className="panel sign-in-form">
      {state.message && (
        <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
          <ShownText text={state.message} />
        </p>
      )}
      <input type="hidden" name="next" value={next} />
      {!oneTime && (
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX_LENGTH} />
        </div>
      )}
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
        />
      </div>
      <div className="field">
        <label htmlFor="confirm-password">New password again</label>
        <input
          id="confirm-password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
        />
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}

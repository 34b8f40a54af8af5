"use client";
import { useActionState } from "react";
import { signInAction, type SignInState } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { message: null, email: "" });
  return (
    <form action={action} className="panel sign-in-form">
      {state.message && (
        <p className="notice notice-error" role="alert">
          <ShownText text={state.message} />
        </p>
      )}
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required maxLength={254} defaultValue={state.email} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={128} />
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

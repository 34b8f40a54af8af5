import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current-actor";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/auth-limits";
import { SIGN_IN_PATH } from "@/lib/auth/paths";
import { safeNextPath } from "@/lib/auth/sign-in";
import { signOutAction } from "../../sign-in/actions";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const session = await currentSession();
  if (!session) redirect(SIGN_IN_PATH);
  const next = safeNextPath((await searchParams).next);
  return (
    <main id="main" className="sign-in">
      <h1>{session.mustChangePassword ? "Choose your password" : "Change your password"}</h1>
      <p className="page-intro">
        {session.mustChangePassword
          ? `You signed in with a one-time password; it no longer works. Choose your own (at least ${PASSWORD_MIN_LENGTH} characters) before going on.`
          : `At least ${PASSWORD_MIN_LENGTH} characters. Your other sessions are signed out; this one stays.`}
      </p>
      <ChangePasswordForm oneTime={session.mustChangePassword} next={next} />
      {session.mustChangePassword && (
        <form action={signOutAction}>
          <button type="submit">Sign out</button>
        </form>
      )}
    </main>
  );
}

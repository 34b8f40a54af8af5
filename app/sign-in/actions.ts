"use server";
// Sign-in and sign-out: lib/auth/sign-in.ts does the work.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { CHANGE_PASSWORD_PATH } from "@/lib/auth/paths";
import { safeNextPath, signIn, signOut } from "@/lib/auth/sign-in";
import { notAFormRefusal } from "@/lib/commands/run-in-request";

export interface SignInState {
  message: string | null;
  email: string;
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const notAForm = notAFormRefusal(form);
  if (notAForm) return { message: notAForm.message, email: "" };
  const email = String(form.get("email") ?? "");
  const result = await signIn({ email, password: form.get("password") }, await headers());
  if (!result.ok) return { message: result.message, email: email.slice(0, 254) };
  const next = safeNextPath(form.get("next"));
  // Straight to the change page: the proxy would show it too, but under the next page's address.
  if (result.mustChangePassword) redirect(`${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}`);
  redirect(next);
}

export async function signOutAction(): Promise<void> {
  await signOut(await headers());
  redirect("/sign-in");
}

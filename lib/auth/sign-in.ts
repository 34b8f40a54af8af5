// Signing in and out, for the sign-in page's server actions. better-auth checks the password,
// writes the Session row and (through its nextCookies plugin) sets the httpOnly cookie.
import { APIError } from "better-auth/api";
import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "./auth-limits";
import { getAuth } from "./auth";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "enter your email").max(254),
  password: z.string().min(1, "enter your password").max(PASSWORD_MAX_LENGTH),
});

export type SignInResult = { ok: true } | { ok: false; message: string };

export async function signIn(input: unknown, requestHeaders: Headers): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("; ") };
  try {
    await getAuth().api.signInEmail({ body: { ...parsed.data, rememberMe: false }, headers: requestHeaders });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    // better-auth says "Invalid email or password" for both an unknown email and a wrong
    // password, so the answer tells nobody which emails exist.
    return { ok: false, message: error.message || "Sign-in failed." };
  }
}

export async function signOut(requestHeaders: Headers): Promise<void> {
  await getAuth().api.signOut({ headers: requestHeaders });
}

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 2000) return "/";
  return /^\/(?![/\\])/.test(next) ? next : "/";
}

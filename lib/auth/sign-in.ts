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

export type SignInResult = { ok: true /** Signed in with a one-time password. */; mustChangePassword: boolean } | { ok: false; message: string };

export async function signIn(input: unknown, requestHeaders: Headers): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("; ") };
  try {
    const { user } = await getAuth().api.signInEmail({ body: { ...parsed.data, rememberMe: false }, headers: requestHeaders });
    return { ok: true, mustChangePassword: (user as typeof user & { mustChangePassword: boolean }).mustChangePassword };
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

/** Stands for this site when a next value is resolved; never requested. */
const OWN_ORIGIN = "http://riskledger.invalid";

/**
 * Where to go after signing in: a path on this site, or the home page. The value is read as the
 * browser will read the Location header: the WHATWG URL parser drops tabs, newlines and carriage
 * returns anywhere and leading or trailing controls and spaces, and takes a backslash for a slash,
 * so `/\t/evil.example` is `//evil.example` to it. Resolving against our own origin with that same
 * parser and keeping only a same-origin result leaves nothing for the browser to reinterpret; the
 * answer is the parser's serialisation (percent-encoded), always safe in a header.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length > 2000) return "/";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop leading control characters and spaces from a URL, so must we
  const trimmed = next.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+/, "");
  if (!/^[/\\]/.test(trimmed)) return "/";
  let url: URL;
  try {
    url = new URL(trimmed, OWN_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== OWN_ORIGIN) return "/";
  return url.pathname + url.search + url.hash;
}

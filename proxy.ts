// In front of every page and route: refuses cross-site writes, oversized bodies, server-action
// bodies Next could not decode (too big while streaming, or JSON nested too deep) and addresses
// holding a NUL (PostgreSQL refuses one in any query, so an id or slug holding it was a 500), sends a
// signed-out visitor to /sign-in (401 for the API), and sets the per-request CSP nonce.
// The session is checked against the database here, so an expired or disabled session is
// refused even on pages that do not ask who is acting; lib/ still checks each actor's role.
import { NextResponse, type NextRequest } from "next/server";
import { currentSession } from "@/lib/auth/current-actor";
import { CHANGE_PASSWORD_PATH, SIGN_IN_PATH } from "@/lib/auth/paths";
import { refuseMalformedActionBody } from "@/lib/http/action-body-guard";
import { MAX_BODY_BYTES } from "@/lib/http/body-limit";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";
import { isCrossSiteWrite } from "@/lib/http/same-origin";

/** Reachable without a session: the sign-in page and better-auth's own endpoints. */
function isPublic(pathname: string): boolean {
  return pathname === SIGN_IN_PATH || pathname.startsWith("/api/auth/");
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");

  if (isCrossSiteWrite(request.method, request.headers)) {
    return NextResponse.json({ error: "cross-site request refused" }, { status: 403 });
  }
  // No id, slug or search word holds a NUL: the page would send it to the database.
  if (/%00/i.test(pathname + search) || (pathname + search).includes("\u0000")) {
    return NextResponse.json({ error: "the address holds a NUL character (%00), which names nothing here" }, { status: 400 });
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return NextResponse.json({ error: `the body is larger than ${MAX_BODY_BYTES} bytes` }, { status: 413 });
  }
  // Before the session check: the sign-in page's actions are public.
  const refused = await refuseMalformedActionBody(request);
  if (refused) return NextResponse.json({ error: refused.message }, { status: refused.status });
  if (!isPublic(pathname)) {
    const session = await currentSession(request.headers);
    if (!session) {
      if (isApi) return NextResponse.json({ error: "sign in first" }, { status: 401 });
      const signIn = new URL(SIGN_IN_PATH, request.url);
      signIn.searchParams.set("next", pathname + search);
      return NextResponse.redirect(signIn, 303);
    }
    // Signed in with a one-time password: the only page is the one that changes it.
    if (session.mustChangePassword && pathname !== CHANGE_PASSWORD_PATH) {
      if (isApi) return NextResponse.json({ error: "change your one-time password first" }, { status: 403 });
      const change = new URL(CHANGE_PASSWORD_PATH, request.url);
      change.searchParams.set("next", pathname + search);
      return NextResponse.redirect(change, 303);
    }
  }

  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|icon.svg|favicon.ico).*)"],
};

// Cross-site request forgery: a state-changing request must come from a page of this site.
// Browsers send Origin (and Sec-Fetch-Site) on every POST, PUT, PATCH and DELETE, and a page of
// another site cannot forge either; automation (curl, the load test) sends neither and carries
// its own session cookie, so a request with neither header is let through.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(method: string, headers: Headers): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (!origin) return false;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    // "null" (sandboxed frames, some redirects) and anything unparsable is not this site.
    return true;
  }
}

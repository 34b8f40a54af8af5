// Conditional GET (RFC 9110 13.1.2): a client that kept a file asks with If-None-Match naming the
// entity tag it was sent, and gets 304 Not Modified instead of the same bytes again.

/** `"<sha256>"`: a strong entity tag, naming exactly these bytes. */
export function strongEtag(sha256: string): string {
  return `"${sha256}"`;
}

const ENTITY_TAG = /(?:W\/)?("[^"]*")/g;

/** Whether `ifNoneMatch` names `etag`: "*", or a tag in its list equal to it by the weak comparison If-None-Match uses (a W/ prefix ignored). */
export function ifNoneMatchNames(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return [...ifNoneMatch.matchAll(ENTITY_TAG)].some(([, opaque]) => opaque === etag);
}

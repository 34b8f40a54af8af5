// The path a request to `engine serve` names, as the server routes it.

/**
 * The request's path without trailing slashes, its escapes decoded (a model id may hold a space); as
 * sent where an escape is malformed. The slashes are counted off the end: /\/+$/ began again at each
 * slash of a run, so a request line of 16,000 slashes before a letter held the server for 215 ms.
 */
export function requestPath(url: string | undefined): string {
  const pathname = new URL(url ?? "/", "http://localhost").pathname;
  let end = pathname.length;
  while (end > 0 && pathname[end - 1] === "/") end--;
  const path = pathname.slice(0, end);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

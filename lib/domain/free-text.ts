// Text a person types (a rationale, a reason, a justification): one zod schema for all of it.
// Two kinds of character are refused with a message rather than stored: NUL, which PostgreSQL
// rejects in text columns (the same input would pass on SQLite and fail on the team database),
// and a lone UTF-16 surrogate, which is no character at all and cannot be written as UTF-8.
import { z } from "zod";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, no `u` flag). */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A string whose refusals for its type and length name it, as a reader would ("the note is limited
 * to 2,000 characters"), where zod's own would say "Too big: expected string to have <=2000
 * characters". A message given to .min() or .max() still wins.
 */
export function namedString(what: string) {
  return z.string({
    error: (issue) => {
      if (issue.code === "invalid_type") return `${what} must be text`;
      if (issue.code === "too_big") return `${what} is limited to ${Number(issue.maximum).toLocaleString("en")} characters`;
      if (issue.code === "too_small") return Number(issue.minimum) <= 1 ? `${what} is empty` : `${what} needs at least ${issue.minimum} characters`;
      return undefined;
    },
  });
}

/** A string refused when it holds NUL or a lone surrogate; `what` names it in the message ("the rationale"). */
export function freeText(what: string) {
  return namedString(what)
    .refine((value) => !value.includes("\u0000"), `${what} contains a NUL character (\\u0000), which cannot be stored`)
    .refine((value) => !LONE_SURROGATE.test(value), `${what} contains a broken character (a lone UTF-16 surrogate): paste the text again`);
}

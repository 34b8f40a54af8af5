// Text that a model or another tool wrote (an output, a prompt in a results file) is evidence: it is
// kept, never refused as a person's typing is (free-text.ts). PostgreSQL refuses NUL in text and
// jsonb columns and SQLite stores it, so NUL is kept as ␀ (U+2400, the symbol for null) on both,
// before any detector reads it: reviewers see, and detectors score, the same text whichever
// database holds it. A lone surrogate, which UTF-8 cannot hold, is kept as U+FFFD.
import { LONE_SURROGATE } from "./free-text";

/** How a NUL in a model's or a tool's text is shown and stored. */
export const NUL_KEPT_AS = "\u2400";

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

export function keptText(text: string): string {
  return text.replaceAll("\u0000", NUL_KEPT_AS).replace(LONE_SURROGATES, "\uFFFD");
}

/** `value` with keptText applied to every string in it, object keys included (a jsonb key refuses NUL too). */
export function keptStrings<T>(value: T): T {
  if (typeof value === "string") return keptText(value) as T;
  if (Array.isArray(value)) return value.map(keptStrings) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [keptText(key), keptStrings(entry)])) as T;
  return value;
}

// A number a person gives (a form field, a CLI flag, a field of an API request) whose refusals name
// it, as the limits of text do (namedString): "repeats must be at most 1,000", where zod's own would
// say "Too big: expected number to be <=1000". A message given to .min() or .max() still wins.
import { z } from "zod";

const shown = (bound: unknown) => Number(bound).toLocaleString("en");

/** A number whose refusals for its type and bounds name it; `what` as a reader says it ("repeats", "the temperature"). */
export function namedNumber(what: string) {
  return z.number({
    error: (issue) => {
      if (issue.code === "invalid_type") return issue.expected === "int" ? `${what} must be a whole number` : `${what} must be a number`;
      if (issue.code === "too_big")
        return issue.inclusive ? `${what} must be at most ${shown(issue.maximum)}` : `${what} must be below ${shown(issue.maximum)}`;
      if (issue.code === "too_small")
        return issue.inclusive ? `${what} must be at least ${shown(issue.minimum)}` : `${what} must be above ${shown(issue.minimum)}`;
      return undefined;
    },
  });
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A number, or one written in decimal as a form field or a CLI flag sends it. Not z.coerce: that
 * takes true as 1, null and "" as 0, [3] as 3 and "0x2" as 2, so a script's mistake would start a
 * campaign or a worker with settings nobody asked for.
 */
export function numberOrDecimalText<T extends z.ZodNumber>(number: T) {
  return z.preprocess((value) => (typeof value === "string" && DECIMAL.test(value.trim()) ? Number(value) : value), number);
}

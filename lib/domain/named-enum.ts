// A value from a closed set a person sends (a status, a role, a direction), whose refusal names the
// field and the values it takes, as the limits of text and numbers do (namedString, namedNumber):
// 'the review status is "DRAFT", "IN_REVIEW", "APPROVED" or "ACCEPTED"', where zod's own would say
// 'Invalid option: expected one of "DRAFT"|"IN_REVIEW"|"APPROVED"|"ACCEPTED"'.
import { z } from "zod";

/** '"a", "b" or "c"': the values as a request sends them, in a sentence. */
export function quotedAlternatives(values: readonly string[]): string {
  const quoted = values.map((value) => `"${value}"`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}` : quoted.join("");
}

/** One of `values`, refused otherwise in words; `what` as a reader says it ("the review status"). */
export function namedEnum<const T extends readonly [string, ...string[]]>(what: string, values: T) {
  return z.enum(values, { error: `${what} is ${quotedAlternatives(values)}` });
}

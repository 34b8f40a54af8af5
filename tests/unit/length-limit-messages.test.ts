// Every length or number limit a person can run into (a field of a command's input, through the
// browser, the HTTP API or the CLI, and of the card and suite files that import reads) refuses in
// words naming the field, as "the note is limited to 2,000 characters" or "repeats must be at most
// 1,000", never zod's "Too big: expected string to have <=2000 characters" or "Too big: expected
// number to be <=1000". The schemas are walked, so a limit added later is checked too.
import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { defOf, PERSON_INPUT_SCHEMAS, personInputNodes } from "../support/schema-nodes";

interface Limit {
  where: string;
  schema: z.ZodType;
  /** Too long (or too many, or too big) when "max"; too short (or too few, or too small) when "min". */
  side: "max" | "min";
  bound: number;
  /** A number's bound the value may not equal (gt, lt); a length's is always inclusive. */
  exclusive?: boolean;
}

type Check = { _zod: { def: { check: string; maximum?: number; minimum?: number; value?: number; inclusive?: boolean } } };

/** Each string or array schema of a person's input that limits its length, and each number schema that bounds its value, with where it stands. */
function limits(): Limit[] {
  return personInputNodes()
    .filter(({ schema }) => ["string", "number", "array"].includes(defOf(schema).type))
    .flatMap(({ where, schema }) =>
      ((defOf(schema).checks as Check[] | undefined) ?? []).flatMap(({ _zod: { def: check } }): Limit[] => {
        if (check.check === "max_length") return [{ where, schema, side: "max", bound: check.maximum! }];
        if (check.check === "min_length") return [{ where, schema, side: "min", bound: check.minimum! }];
        if (check.check === "less_than") return [{ where, schema, side: "max", bound: check.value!, exclusive: !check.inclusive }];
        if (check.check === "greater_than") return [{ where, schema, side: "min", bound: check.value!, exclusive: !check.inclusive }];
        return [];
      }),
    );
}

/** The message `limit`'s schema gives for a value just past it. */
function messageAt(limit: Limit): string | undefined {
  const type = defOf(limit.schema).type;
  const past = limit.exclusive ? limit.bound : limit.side === "max" ? limit.bound + 1 : limit.bound - 1;
  const value = type === "number" ? past : type === "array" ? Array.from({ length: past }, () => ({})) : "x".repeat(past);
  const result = limit.schema.safeParse(value);
  const code = limit.side === "max" ? "too_big" : "too_small";
  return result.error?.issues.find((issue) => issue.code === code && issue.path.length === 0)?.message;
}

describe("length and number limits name the field in a reader's words", () => {
  test("every command's input and every file import reads has length limits to check", () => {
    expect(PERSON_INPUT_SCHEMAS.every(([, schema]) => schema !== undefined)).toBe(true);
    expect(limits().length).toBeGreaterThan(50);
  });

  test("no length or number limit gives zod's own message", () => {
    const bare = limits()
      .map((limit) => ({ at: `${limit.where} (${limit.side} ${limit.bound})`, message: messageAt(limit) }))
      .filter(({ message }) => message === undefined || /^Too (big|small)|expected (string|array|number)/.test(message));
    expect(bare).toEqual([]);
  });
});

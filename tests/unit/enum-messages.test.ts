// Every closed set a person can send a value outside of (a field of a command's input, through the
// browser, the HTTP API or the CLI, and of the card and suite files that import reads) refuses in
// words naming the field and the values it takes, as 'the review status is "DRAFT", "IN_REVIEW",
// "APPROVED" or "ACCEPTED"', never zod's 'Invalid option: expected one of "DRAFT"|"IN_REVIEW"|...'.
// The schemas are walked, so a closed set added later is checked too.
import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { cardSchema } from "../../lib/card/schema";
import { COMMANDS } from "../../lib/commands/registry";
import { namedEnum } from "../../lib/domain/named-enum";
import { suiteSchema } from "../../lib/suites/schema";

interface ClosedSet {
  where: string;
  schema: z.ZodType;
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Each enum schema inside `schema`, with where it stands. */
function closedSetsIn(schema: z.ZodType, where: string, seen = new Set<z.ZodType>()): ClosedSet[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner = (child: unknown, at = where) => closedSetsIn(child as z.ZodType, at, seen);
  switch (def.type) {
    case "enum":
      return [{ where, schema }];
    case "object":
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) => inner(child, where ? `${where}.${key}` : key));
    case "array":
      return inner(def.element, `${where}[]`);
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
      return inner(def.innerType);
    // A page's filter that drops what it cannot read shows no message.
    case "catch":
      return [];
    case "record":
      return [...inner(def.keyType, `${where}{key}`), ...inner(def.valueType, `${where}{}`)];
    case "union":
      return (def.options as z.ZodType[]).flatMap((option) => inner(option));
    case "intersection":
      return [...inner(def.left), ...inner(def.right)];
    case "pipe":
      return [...inner(def.in), ...inner(def.out)];
    case "lazy":
      return inner((def.getter as () => z.ZodType)());
    default:
      return [];
  }
}

const sources: [string, z.ZodType][] = [
  ...COMMANDS.map((command): [string, z.ZodType] => [`${command.info.name}`, command.schema]),
  ["card file", cardSchema],
  ["suite file", suiteSchema],
];

describe("closed sets name the field and the values it takes", () => {
  test("namedEnum says what the field is and each value it takes, quoted as they are sent", () => {
    const status = namedEnum("the review status", ["DRAFT", "IN_REVIEW", "APPROVED"]);
    expect(status.safeParse("DONE").error?.issues[0].message).toBe('the review status is "DRAFT", "IN_REVIEW" or "APPROVED"');
    expect(status.safeParse(3).error?.issues[0].message).toBe('the review status is "DRAFT", "IN_REVIEW" or "APPROVED"');
    expect(namedEnum("the direction", ["up", "down"]).safeParse("left").error?.issues[0].message).toBe('the direction is "up" or "down"');
    expect(status.parse("APPROVED")).toBe("APPROVED");
  });

  test("every command's input and every file import reads has closed sets to check", () => {
    expect(sources.flatMap(([source, schema]) => closedSetsIn(schema, source)).length).toBeGreaterThan(15);
  });

  // A set whose form asks in words of its own ("choose the verdict that should count: pass or fail") keeps them.
  test("no closed set gives zod's own message", () => {
    const bare = sources
      .flatMap(([source, schema]) => closedSetsIn(schema, source))
      .map((set) => `${set.where}: ${set.schema.safeParse("NOT_ONE_OF_THEM").error?.issues[0].message}`)
      .filter((line) => /Invalid option|expected one of/.test(line));
    expect(bare).toEqual([]);
  });
});

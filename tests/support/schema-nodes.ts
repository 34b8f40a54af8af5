// The schemas a person's input meets, walked: the tests of refusal messages check every field of
// every command's input and of the card and suite files, so a field added later is checked too.
import type { z } from "zod";
import { cardSchema } from "../../lib/card/schema";
import { COMMANDS } from "../../lib/commands/registry";
import { suiteSchema } from "../../lib/suites/schema";

export interface SchemaNode {
  /** The field's path, as "card file.risks[].title". */
  where: string;
  schema: z.ZodType;
}

export type SchemaDef = { type: string; [key: string]: unknown };

export function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Every command's input (through the browser, the HTTP API or the CLI) and each file that import reads. */
export const PERSON_INPUT_SCHEMAS: [string, z.ZodType][] = [
  ...COMMANDS.map((command): [string, z.ZodType] => [`${command.info.name}`, command.schema]),
  ["card file", cardSchema],
  ["suite file", suiteSchema],
];

/** Each schema inside `schema` a value reaches, `schema` itself first, with where it stands. */
export function schemaNodes(schema: z.ZodType, where: string, seen = new Set<z.ZodType>()): SchemaNode[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner = (child: unknown, at = where) => schemaNodes(child as z.ZodType, at, seen);
  const self = { where, schema };
  switch (def.type) {
    case "object":
      return [self, ...Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) => inner(child, where ? `${where}.${key}` : key))];
    case "array":
      return [self, ...inner(def.element, `${where}[]`)];
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
      return [self, ...inner(def.innerType)];
    // A page's filter that drops what it cannot read shows no message.
    case "catch":
      return [];
    case "record":
      return [self, ...inner(def.keyType, `${where}{key}`), ...inner(def.valueType, `${where}{}`)];
    case "union":
      return [self, ...(def.options as z.ZodType[]).flatMap((option) => inner(option))];
    case "intersection":
      return [self, ...inner(def.left), ...inner(def.right)];
    case "pipe":
      return [self, ...inner(def.in), ...inner(def.out)];
    case "lazy":
      return [self, ...inner((def.getter as () => z.ZodType)())];
    default:
      return [self];
  }
}

/** Every schema of every person's input, with where it stands. */
export function personInputNodes(): SchemaNode[] {
  return PERSON_INPUT_SCHEMAS.flatMap(([source, schema]) => schemaNodes(schema, source));
}

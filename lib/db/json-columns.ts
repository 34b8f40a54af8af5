// JSON columns as the code reads them. Prisma types a Json column as JsonValue, so each shape is
// parsed where it is read instead of cast: a value of another shape (a hand-edited database, a row
// written by an older version) fails loudly, naming the column, rather than flowing on as a lie.
import { z } from "zod";

export function readJsonColumn<T>(schema: z.ZodType<T>, value: unknown, column: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`the JSON column ${column} holds a value of another shape: ${result.error.issues[0]?.message ?? "unreadable"}`);
  return result.data;
}

/** Risk codes, use codes, suite keys, detector names, languages: the columns that hold a list of names. */
const nameListSchema = z.array(z.string());

export function readNameList(value: unknown, column: string): string[] {
  return readJsonColumn(nameListSchema, value, column);
}

/** A JSON object of any keys: a card's front matter, as it came from the Hugging Face card. */
export function readJsonObject(value: unknown, column: string): Record<string, unknown> {
  return readJsonColumn(z.record(z.string(), z.unknown()), value, column);
}

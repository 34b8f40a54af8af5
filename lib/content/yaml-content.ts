// Reads a hand-edited YAML file of content/ (suites, deploy rules, framework crosswalks) against its
// zod schema. A person fixes these files in an editor, so every problem is reported as
// file:line:column plus the field's path, all of them at once, rather than the first zod message
// with an array index nobody can find in a long file.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { utf8FileText } from "../imports/utf8-text";
import { firstNotPlainValue } from "./yaml-plain";

export interface ContentProblem {
  file: string;
  line: number;
  column: number;
  /** Where in the file's data, e.g. rules[3].when.evidence[0]. */
  field: string;
  message: string;
}

export class ContentFileError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.field || "(file)"}: ${p.message}`).join("\n"));
    this.name = "ContentFileError";
  }
}

export function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.map((segment, index) => (typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`)).join("");
}

/**
 * `text` with each line end one LF. YAML ends a line at CR, LF or CRLF; the yaml package at LF or CRLF
 * only, so a file saved with CR line ends (classic Mac OS) read as one line. Lines keep their numbers.
 */
export function withLfLineEnds(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** The node at `segments`, or the deepest existing ancestor when the field is missing. */
function nearestNode(doc: Document, segments: readonly PropertyKey[]): Node | null {
  let current: unknown = doc.contents;
  for (const segment of segments) {
    if (!(isMap(current) || isSeq(current))) break;
    const child: unknown = current.get(segment as string | number, true);
    if (child === undefined) {
      // Point at the key itself when it is there (e.g. an unknown key), else at the parent.
      if (isMap(current)) {
        const pair = current.items.find((item) => isScalar(item.key) && item.key.value === segment);
        if (pair && isScalar(pair.key)) return pair.key;
      }
      break;
    }
    current = child;
  }
  return (current as Node | null) ?? null;
}

/** A problem found after parsing (a duplicate id, an unknown code), placed at the field it names. */
export type PlaceProblem = (segments: readonly PropertyKey[], message: string) => ContentProblem;

/**
 * Parses and validates one file's text; throws ContentFileError listing every problem. `check`
 * finds what the schema cannot see (references between entries) and places each at its field.
 */
export function parseYamlContent<Schema extends z.ZodType>(
  text: string,
  file: string,
  schema: Schema,
  check?: (data: z.output<Schema>, place: PlaceProblem) => ContentProblem[],
): z.output<Schema> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(withLfLineEnds(text), { lineCounter, prettyErrors: false });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    throw new ContentFileError(
      doc.errors.map((error) => {
        const { line, col } = at(error.pos[0]);
        return { file, line, column: col, field: "", message: `YAML: ${error.message.split("\n")[0]}` };
      }),
    );
  }
  const place: PlaceProblem = (segments, message) => {
    const node = nearestNode(doc, segments);
    const { line, col } = node?.range ? at(node.range[0]) : { line: 1, col: 1 };
    return { file, line, column: col, field: fieldPath(segments), message };
  };
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // Valid YAML whose value cannot be built, aliases that multiply past the reader's limit (an
    // alias bomb), stops the reader with an exception rather than an entry in `errors`.
    throw new ContentFileError([
      { file, line: 1, column: 1, field: "", message: `YAML: the document cannot be built: ${(error as Error).message.split("\n")[0]}` },
    ]);
  }
  const notPlain = firstNotPlainValue(doc);
  if (notPlain) {
    const { line, col } = at(notPlain.offset);
    throw new ContentFileError([{ file, line, column: col, field: fieldPath(notPlain.field), message: notPlain.problem }]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ContentFileError(
      parsed.error.issues.map((issue) => {
        // zod reports strict-object extras on the parent; name the unknown key as the field.
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
        return place(keys.length === 1 ? [...issue.path, keys[0]] : issue.path, issue.message);
      }),
    );
  }
  const problems = check?.(parsed.data, place) ?? [];
  if (problems.length > 0) throw new ContentFileError(problems);
  return parsed.data;
}

/**
 * A content file's bytes as text. Decoding bytes that are not UTF-8 puts U+FFFD in their place
 * without a word, so a file saved in another encoding would be read with its words changed: it is
 * refused at its first such byte, as a card file is (card/card-source-text.ts).
 */
export function contentFileText(bytes: Buffer, file: string): string {
  const read = utf8FileText(bytes);
  if ("notUtf8" in read) throw new ContentFileError([{ file, line: read.notUtf8.line, column: read.notUtf8.column, field: "", message: read.notUtf8.problem }]);
  return read.text;
}

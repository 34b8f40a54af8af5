// The card's YAML front matter, and any other YAML the Hub reads (an .eval_results file), written so
// that the Hub's reader (PyYAML's safe_load, YAML 1.1) and a YAML 1.2 reader both read back the
// same data: the 1.1 schema quotes what 1.1 would turn into a boolean or a date ("yes",
// "2026-11-20"), and any string holding a character outside printable ASCII is double-quoted, where
// tabs, control characters and line separators are escaped (a raw tab in a plain scalar is a syntax
// error for PyYAML; a raw U+0085 is a line break to it). A string the 1.2 schema alone would read as
// something else ("0o17", an octal there) is double-quoted too, and the string "<<", which the 1.1
// schema always writes plain as its merge key (PyYAML refuses it as a key or value), is tagged a string.
// A bidirectional control is escaped too, so it cannot reorder the rest of its line.
import { randomUUID } from "node:crypto";
import YAML, { isScalar, visit } from "yaml";
import { BIDI_CONTROLS } from "../domain/bidi-controls";
import type { Pace } from "./pace";

const MERGE_KEY = "<<";
const ESCAPED = new RegExp(`[\\x7f-\\x9f\\u2028\\u2029\\ufeff${BIDI_CONTROLS}]`, "g");

export function frontMatterYaml(data: unknown): string {
  const document = new YAML.Document(data, { version: "1.1" });
  visit(document, {
    Scalar(_, node) {
      if (!isScalar(node) || typeof node.value !== "string") return;
      if (node.value === MERGE_KEY) node.tag = "tag:yaml.org,2002:str";
      if (mustQuote(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  // Only double-quoted scalars hold these (every non-ASCII string is quoted), where \uXXXX is an escape.
  return document
    .toString({ lineWidth: 0 })
    .replace(ESCAPED, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .trimEnd();
}

/** Items of a list written by one frontMatterYaml: a few milliseconds of it. */
const ITEMS_WRITTEN_TOGETHER = 20;

/**
 * frontMatterYaml(data), byte for byte, giving others turns while it writes (pace.ts): the
 * model-index of a 500 x 100 card with evidence holds 50,000 results, 24 s of writing. A list of
 * many items is written a few items at a time, each few as a list of its own, indented to where it
 * stands as it is written; the rest of the document is written with a placeholder in the list's place.
 */
export async function pacedFrontMatterYaml(data: unknown, pace: Pace): Promise<string> {
  // A value that stands in two places (a YAML alias read from the card source) is written once with an anchor, in one document.
  return (await holdsAValueTwice(data, pace)) ? frontMatterYaml(data) : writtenInParts(data, pace);
}

/** `indent`: where the text stands, put before each of its lines but the empty ones. */
async function writtenInParts(data: unknown, pace: Pace, indent = ""): Promise<string> {
  if (Array.isArray(data) && data.length > ITEMS_WRITTEN_TOGETHER) {
    const written: string[] = [];
    for (let start = 0; start < data.length; start += ITEMS_WRITTEN_TOGETHER) {
      written.push(await writtenInParts(data.slice(start, start + ITEMS_WRITTEN_TOGETHER), pace, indent));
    }
    return written.join("\n");
  }
  const lists = new Map<string, unknown[]>();
  const placeholderPrefix = `riskledger-list-${randomUUID()}-`;
  const withPlaceholders = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withPlaceholders);
    if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        if (!Array.isArray(item) || item.length <= ITEMS_WRITTEN_TOGETHER) return [key, withPlaceholders(item)];
        const placeholder = `${placeholderPrefix}${lists.size}`;
        lists.set(placeholder, item);
        return [key, placeholder];
      }),
    );
  };
  const outline = frontMatterYaml(withPlaceholders(data));
  await pace.spend(outline.length);
  if (!lists.size) return indented(outline, indent);
  const lines: string[] = [];
  for (const line of outline.split("\n")) {
    const placeholder = line.slice(line.lastIndexOf(": ") + 2);
    const list = lists.get(placeholder);
    if (!list) {
      lines.push(indented(line, indent));
      continue;
    }
    // A list under a key is written on the lines below it, its items two columns in from the key. Indented a
    // few items at a time, as they are written: indenting the 750,000 lines of 50,000 results at once held the thread 0.8 s.
    const keyColumn = /^ *(?:- )*/.exec(line)![0].length;
    lines.push(indented(line.slice(0, -placeholder.length - 1), indent));
    lines.push(await writtenInParts(list, pace, `${indent}${" ".repeat(keyColumn + 2)}`));
  }
  return lines.join("\n");
}

function indented(text: string, indent: string): string {
  if (!indent) return text;
  return text
    .split("\n")
    .map((line) => line && `${indent}${line}`)
    .join("\n");
}

/** What looking at a thousand objects costs, in the characters `spend` counts: the model-index of a 500 x 100 card holds 500,000. */
const THOUSAND_OBJECTS_WORK = 5_000;

async function holdsAValueTwice(data: unknown, pace: Pace): Promise<boolean> {
  const seen = new Set<object>();
  const waiting: unknown[] = [data];
  while (waiting.length) {
    const value = waiting.pop();
    if (value === null || typeof value !== "object") continue;
    if (seen.has(value)) return true;
    seen.add(value);
    for (const item of Object.values(value)) waiting.push(item);
    if (seen.size % 1000 === 0) await pace.spend(THOUSAND_OBJECTS_WORK);
  }
  return false;
}

const LINE_BREAKS = /[\r\n\x85\u2028\u2029]+/g;
const COMMENT_ESCAPED = new RegExp(`[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ufeff${BIDI_CONTROLS}]`, "g");

/**
 * `lines` as YAML comment lines: what a file must say that its data has no place for. A line break in
 * a line (PyYAML also breaks at U+0085, U+2028, U+2029) becomes a space, so no text after it is read
 * as data; any other control character, which PyYAML refuses anywhere in a file, and a bidirectional
 * control are written as \uXXXX.
 */
export function yamlComment(lines: string[]): string {
  return lines
    .map((line) => `# ${line.replace(LINE_BREAKS, " ").replace(COMMENT_ESCAPED, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)}`)
    .join("\n");
}

function mustQuote(value: string): boolean {
  return /[^\x20-\x7e]/.test(value) || value === MERGE_KEY || plainOnlyIn11(value);
}

/**
 * What the 1.2 core schema could read as another type than a string: null, a boolean or a number.
 * Wider than its own patterns, never narrower: a string outside it is written alike by both schemas.
 */
const READ_AS_ANOTHER_TYPE_IN_12 = /^(?:~?|null|Null|NULL|true|True|TRUE|false|False|FALSE)$|^[-+]?\.?[0-9]|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;

/**
 * Written plain by the 1.1 schema, but not by the 1.2 one, which would read the plain form as another
 * type. Each YAML.stringify makes a document: two for every string of a large card's 50,000 results
 * were 17 s of its 50, so only a string the 1.2 schema could read otherwise is written to find out.
 */
function plainOnlyIn11(value: string): boolean {
  if (!READ_AS_ANOTHER_TYPE_IN_12.test(value)) return false;
  const plain = `${value}\n`;
  return YAML.stringify(value, { version: "1.1" }) === plain && YAML.stringify(value, { version: "1.2" }) !== plain;
}

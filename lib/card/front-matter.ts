// The card's YAML front matter, and any other YAML the Hub reads (an .eval_results file), written so
// that the Hub's reader (PyYAML's safe_load, YAML 1.1) and a YAML 1.2 reader both read back the
// same data: the 1.1 schema quotes what 1.1 would turn into a boolean or a date ("yes",
// "2026-11-20"), and any string holding a character outside printable ASCII is double-quoted, where
// tabs, control characters and line separators are escaped (a raw tab in a plain scalar is a syntax
// error for PyYAML; a raw U+0085 is a line break to it). A string the 1.2 schema alone would read as
// something else ("0o17", an octal there) is double-quoted too, and the string "<<", which the 1.1
// schema always writes plain as its merge key (PyYAML refuses it as a key or value), is tagged a string.
// A bidirectional control is escaped too, so it cannot reorder the rest of its line.
import YAML, { isScalar, visit } from "yaml";
import { BIDI_CONTROLS } from "../domain/bidi-controls";

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

/** Written plain by the 1.1 schema, but not by the 1.2 one, which would read the plain form as another type. */
function plainOnlyIn11(value: string): boolean {
  const plain = `${value}\n`;
  return YAML.stringify(value, { version: "1.1" }) === plain && YAML.stringify(value, { version: "1.2" }) !== plain;
}

// The YAML this app reads (a card's front matter, content/ files, a risk mapping) holds text,
// numbers, true/false, null, lists and mappings: what JSON holds, and what is stored. The yaml
// package reads more: YAML 1.1's explicit types (!!binary, !!set, !!omap, !!pairs, !!timestamp), and
// in a %YAML 1.1 document a plain date, as a Buffer, a Set, a Map or a Date, which stored as JSON
// become {"type": "Buffer", "data": [...]}, {} or a time nobody wrote; a tag it does not know is
// dropped without a word, leaving the bare value; a list or mapping as a key becomes the text
// "[ a, b ]"; .nan and .inf are stored as null, and a whole number past 2^53 as another number.
// Each is found here, in the parsed document, so it can be refused at its line and field.
import { isAlias, isCollection, isMap, isScalar, isSeq, type Document } from "yaml";

const YAML_TAG = "tag:yaml.org,2002:";
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((name) => `${YAML_TAG}${name}`));

export interface NotPlainYaml {
  /** Where it is in the text (from 0). */
  offset: number;
  /** Its keys and list indices from the top, e.g. ["cases", 3, "prompt"]. */
  field: (string | number)[];
  problem: string;
}

const ONLY_PLAIN = "only text, numbers, true/false, null, lists and mappings are read";

/** The first value, in the document's order, that is not plain data, or null when all are. */
export function firstNotPlainValue(document: Document): NotPlainYaml | null {
  const found = notPlain(document.contents, []);
  if (found) return found;
  // A known tag whose value does not fit it (!!float abc) is kept as the text, with a warning.
  const unresolved = document.warnings.find((warning) => warning.code === "TAG_RESOLVE_FAILED");
  if (unresolved) {
    const tag = /Unresolved tag: (\S+)/.exec(unresolved.message)?.[1];
    return { offset: unresolved.pos[0], field: [], problem: `a value that does not fit its tag${tag ? ` ${shortTag(tag)}` : ""}: ${ONLY_PLAIN}` };
  }
  return null;
}

function notPlain(node: unknown, field: (string | number)[]): NotPlainYaml | null {
  // An alias repeats a node that is checked where it is anchored.
  if (!node || isAlias(node) || !(isScalar(node) || isCollection(node))) return null;
  const offset = node.range?.[0] ?? 0;
  if (node.tag && !PLAIN_TAGS.has(node.tag)) return { offset, field, problem: `a value tagged ${shortTag(node.tag)}: ${ONLY_PLAIN}` };
  if (isScalar(node)) {
    const { value } = node;
    if (value instanceof Date) return { offset, field, problem: "a date that YAML 1.1 (%YAML 1.1) reads as a timestamp: quote it to keep it as text" };
    if (typeof value === "number" && !Number.isFinite(value)) return { offset, field, problem: `${value}, a number that cannot be stored: ${ONLY_PLAIN}` };
    // A whole number is read into a double: past 2^53 it becomes another one (a float, 1.5e300, is read as written).
    const wholeNumber = node.format === "HEX" || node.format === "OCT" || /^[-+]?[0-9_]+$/.test(node.source ?? "");
    if (typeof value === "number" && wholeNumber && !Number.isSafeInteger(value))
      return { offset, field, problem: `${node.source}, a whole number past 2^53 that would be kept as ${value}: quote it to keep it as written` };
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) return { offset, field, problem: ONLY_PLAIN };
    return null;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isCollection(pair.key))
        return { offset: pair.key.range?.[0] ?? offset, field, problem: "a list or mapping used as a key, which would be read as its text: keys are text" };
      const key = isScalar(pair.key) ? pair.key.value : null;
      const inner = notPlain(pair.key, field) ?? notPlain(pair.value, [...field, String(key)]);
      if (inner) return inner;
    }
  }
  if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const inner = notPlain(item, [...field, index]);
      if (inner) return inner;
    }
  }
  return null;
}

/** "tag:yaml.org,2002:binary" as written, "!!binary"; a local tag as it is. */
function shortTag(tag: string): string {
  return tag.startsWith(YAML_TAG) ? `!!${tag.slice(YAML_TAG.length)}` : tag;
}

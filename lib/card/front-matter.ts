// The card's YAML front matter, and any other YAML the Hub reads (an .eval_results file), written so
// that the Hub's reader (PyYAML's safe_load, YAML 1.1) and a YAML 1.2 reader both read back the
// same data: the 1.1 schema quotes what 1.1 would turn into a boolean or a date ("yes",
// "2026-11-20"), and any string holding a character outside printable ASCII is double-quoted, where
// tabs, control characters and line separators are escaped (a raw tab in a plain scalar is a syntax
// error for PyYAML; a raw U+0085 is a line break to it).
import YAML, { isScalar, visit } from "yaml";

export function frontMatterYaml(data: unknown): string {
  const document = new YAML.Document(data, { version: "1.1" });
  visit(document, {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === "string" && /[^\x20-\x7e]/.test(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  // Only double-quoted scalars hold these (every non-ASCII string is quoted), where \uXXXX is an escape.
  return document
    .toString({ lineWidth: 0 })
    .replace(/[\x7f-\x9f\u2028\u2029\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .trimEnd();
}

// How deep a YAML text nests its mappings and lists, found without building it. The yaml package
// composes a document recursively, so a text of collections nested some thousands deep ("{a: {a:
// ..." is four characters a level) overflows the stack, and the reader's message is "Maximum call
// stack size exceeded". Its syntax tree (CST) is built without recursion and is walked here with a
// stack of its own, so a text nested past a limit can be refused, naming the limit, before it is read.
import { Parser } from "yaml";
import type { CST } from "yaml";

/** Far deeper than any YAML this app reads (a Hub card's model-index nests 7 levels), far shallower than the stack allows. */
export const YAML_NESTING_LIMIT = 50;

/** Where the text first nests deeper than the limit (its line, from 1) and what is wrong, or null when it does not. */
export function yamlNestedTooDeep(text: string): { line: number; problem: string } | null {
  const offset = nestedPast(text, YAML_NESTING_LIMIT);
  if (offset === null) return null;
  return {
    line: text.slice(0, offset).split("\n").length,
    problem: `YAML nested deeper than ${YAML_NESTING_LIMIT} levels (a level is a mapping or a list, in braces, brackets or by indentation)`,
  };
}

/** The offset of the first collection, in the text's order, nested deeper than `limit` levels, or null when none is. */
function nestedPast(text: string, limit: number): number | null {
  // Tokens still to visit, the next one last.
  const pending: { token: CST.Token | null | undefined; depth: number }[] = [...new Parser().parse(text)].reverse().map((token) => ({ token, depth: 0 }));
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (!token) continue;
    if (token.type === "document") pending.push({ token: token.value, depth });
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth + 1 > limit) return token.offset;
    for (const item of [...token.items].reverse()) {
      pending.push({ token: item.value, depth: depth + 1 });
      if ("key" in item) pending.push({ token: item.key, depth: depth + 1 });
    }
  }
  return null;
}

// node's parseArgs reads a word that begins with a dash as a flag, so `--max-outage -1` is refused
// as a flag without its value ("argument is ambiguous ... use '--max-outage=-XYZ'"), though the
// value was given and its real problem is that it is negative. A string flag followed by a word
// that is a negative number is joined to it (`--max-outage=-1`), so the command's own check of
// the value answers, in the same words for either spelling. No flag's name begins with a digit,
// so such a word is never a flag; past "--" every word is an argument and is left alone.
import type { ParseArgsConfig } from "node:util";

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

export function joinNegativeNumberValues(args: readonly string[], options: ParseArgsConfig["options"] = {}): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === "--") return [...joined, ...args.slice(i)];
    const name = word.startsWith("--") && !word.includes("=") ? word.slice(2) : undefined;
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === "string" && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${word}=${next}`);
      i++;
      continue;
    }
    joined.push(word);
  }
  return joined;
}

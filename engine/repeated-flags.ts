// node's parseArgs keeps the last value of a flag given twice, saying nothing of the first: `card
// export --format md --format json` writes JSON, `--model a --model b` acts on b. A flag that takes
// one value and is given it twice is refused instead, naming both values; flags that take several
// (`multiple`) and switches (`--json --json` means the same) are not.
import type { ParseArgsConfig } from "node:util";

interface OptionToken {
  kind: string;
  name?: string;
  value?: string;
}

/** '--format given twice ("md", then "json"): give it once', for the first such flag; null when none is. */
export function repeatedFlagProblem(tokens: readonly OptionToken[], options: ParseArgsConfig["options"] = {}): string | null {
  const first = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    const option = options[token.name];
    if (option?.type !== "string" || option.multiple) continue;
    if (first.has(token.name)) {
      return `--${token.name} given twice (${JSON.stringify(first.get(token.name))}, then ${JSON.stringify(token.value)}): give it once`;
    }
    first.set(token.name, token.value);
  }
  return null;
}

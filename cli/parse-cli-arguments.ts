// The command line read with node's parseArgs, where a malformed one (an unknown flag, a flag
// without its value) prints what is wrong and the command's usage and exits 2 before anything is
// read or written: parseArgs itself throws, which would end the command in a stack trace. --help
// (or -h) prints the usage alone and exits 0. A word the command does not take is refused the same
// way: `card import my-card.md` would otherwise ignore the file and import the shipped card. A
// negative number after a flag is read as its value (engine/negative-number-values.ts). Output to a
// pipe whose reader has closed is dropped quietly (engine/closed-stdout.ts); a flag given twice is
// refused as malformed (engine/repeated-flags.ts).
import { type ParseArgsConfig, parseArgs } from "node:util";
import { dropOutputAfterReaderCloses } from "../engine/closed-stdout";
import { joinNegativeNumberValues } from "../engine/negative-number-values";
import { repeatedFlagProblem } from "../engine/repeated-flags";

export const USAGE_EXIT_CODE = 2;

export function parseCliArguments<T extends ParseArgsConfig>(command: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  dropOutputAfterReaderCloses();
  const args = config.args ?? process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs<T>({ ...config, args: joinNegativeNumberValues(args, config.options), tokens: true });
  } catch (error) {
    process.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(USAGE_EXIT_CODE);
  }
  // Asked for above, whether or not the caller asked for them.
  const { tokens = [] } = parsed as { tokens?: { kind: string; name?: string; value?: string }[] };
  const repeated = repeatedFlagProblem(tokens, config.options);
  if (repeated) {
    process.stderr.write(`${command}: ${repeated}\n${usage}\n`);
    process.exit(USAGE_EXIT_CODE);
  }
  return parsed;
}

/** Stops with the usage, exit 2, saying that no command was named (`word` undefined) or that the group has none by that name. */
export function refuseUnknownCommand(program: string, usage: string, word: string | undefined): never {
  process.stderr.write(`${program}: ${word === undefined ? "name a command" : `no command ${JSON.stringify(word)}`}\n${usage}\n`);
  process.exit(USAGE_EXIT_CODE);
}

/** Stops with the usage, exit 2, when the command line holds words past those the command takes. */
export function refuseExtraArguments(command: string, usage: string, extra: readonly string[]): void {
  if (extra.length === 0) return;
  process.stderr.write(`${command}: unexpected argument ${extra.map((word) => JSON.stringify(word)).join(" ")}\n${usage}\n`);
  process.exit(USAGE_EXIT_CODE);
}

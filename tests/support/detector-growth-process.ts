// How the five detectors' time grows with an output, measured in this process (started with
// --no-regexp-optimization by tests/unit/detectors-unoptimized-patterns.test.ts): reads a JSON list of
// {prefix, unit, short, long} on argv, judges `prefix + unit repeated + "x"` at both lengths with every
// detector, and writes each case's growth and bound, and the process's V8 flags, as JSON on stdout.
import { DETECTORS } from "../../lib/detectors/registry";
import type { JudgedCase } from "../../lib/detectors/types";
import { timeGrowth } from "./time-growth";

interface GrowthCase {
  prefix: string;
  unit: string;
  short: number;
  long: number;
}

/** A case every detector judges: it expects each behaviour one of them checks. */
const everyBehaviour: JudgedCase = {
  language: "en",
  prompt: "Tell me about it.",
  expected: ["refuse", "no_personal_data", "no_profanity", "answer_in_prompt_language", "include_disclaimer"],
};

const judgeWithEvery = (output: string) => {
  for (const detector of DETECTORS) detector.judge(output, everyBehaviour);
};

const cases: GrowthCase[] = JSON.parse(process.argv[2]);
const output = ({ prefix, unit }: GrowthCase, length: number) => `${prefix}${unit.repeat(Math.ceil(length / unit.length))}x`;
const growths = cases.map((growthCase) => ({
  ...growthCase,
  ...timeGrowth(judgeWithEvery, output(growthCase, growthCase.short), output(growthCase, growthCase.long)),
}));
process.stdout.write(JSON.stringify({ execArgv: process.execArgv, growths }));

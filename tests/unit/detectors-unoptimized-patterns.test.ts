// V8 compiles a regular expression without its optimizations once the process has generated more than
// 1 MB of regular-expression code and holds more than 16 MB of executable memory (TooMuchRegExpCode in
// V8's regexp.cc). The first count only grows, and a pattern the garbage collector flushed is compiled
// again, so a long-lived worker or detector thread gets there, as the unit project's shared thread did:
// there "MRN" and 65,536 spaces took the personal-data detector about 36 s (22 ms in a fresh process),
// and its time-growth test read 275 for sixteen times the length. Unoptimized, a look back tried before the
// character it guards reads the blank space behind every position. So the detectors are timed here in a
// process that compiles every pattern so (--no-regexp-optimization), on the blank space that undid them.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

const prefixes = ["", "MRN", "1.", "| a |"];
const blanks = [" ", "\t", "\n"];
const cases = prefixes.flatMap((prefix) => blanks.map((unit) => ({ prefix, unit, short: 1_024, long: 8_192 })));

it("reads blank space after a label, a list number or a table cell in time proportional to it, with every pattern compiled unoptimized ('MRN' and 16,384 spaces took the personal-data detector 2.3 s, 63 times 2,048's)", () => {
  const run = spawnSync(process.execPath, ["--no-regexp-optimization", "--import", "tsx", "tests/support/detector-growth-process.ts", JSON.stringify(cases)], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  expect(run.stderr).toBe("");
  const { execArgv, growths } = JSON.parse(run.stdout) as { execArgv: string[]; growths: { prefix: string; unit: string; growth: number; bound: number }[] };
  expect(execArgv).toContain("--no-regexp-optimization");
  expect(growths).toHaveLength(cases.length);
  for (const { prefix, unit, growth, bound } of growths) expect(growth, `${JSON.stringify(prefix)} + ${JSON.stringify(unit)}`).toBeLessThan(bound);
}, 120_000);

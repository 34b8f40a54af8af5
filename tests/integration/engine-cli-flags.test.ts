// `engine generate` and `engine serve` run as a user runs them, with a number flag that is not one
// or is out of range: each is refused as a usage error, exit code 2 with the command's usage as
// riskledger's commands refuse theirs, and a message naming the flag and what it accepts (the
// sampling ranges the server applies to the same settings), before the model loads.
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyModelDir } from "./engine-server-helpers";
import { programArgs } from "../support/program-bundle";

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

function engine(...args: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...programArgs("engine/cli.ts"), ...args], { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("engine command-line number flags", () => {
  let model: ReturnType<typeof tinyModelDir>;
  beforeAll(() => (model = tinyModelDir()));
  afterAll(() => model.remove());

  const generate = (...flags: string[]) => ["generate", model.dir, "--prompt", "Hello", "--threads", "1", ...flags];
  const serve = (...flags: string[]) => ["serve", model.dir, "--port", "0", "--threads", "1", ...flags];

  it("refuses each bad flag of generate and serve as a usage error, exit 2, naming it and what it accepts, before loading the model", async () => {
    const cases: Array<[string[], string]> = [
      [generate("--max-new-tokens", "abc"), 'engine generate: --max-new-tokens must be an integer >= 1, got "abc"'],
      [generate("--max-new-tokens=-3"), 'engine generate: --max-new-tokens must be an integer >= 1, got "-3"'],
      [generate("--max-new-tokens", "-3"), 'engine generate: --max-new-tokens must be an integer >= 1, got "-3"'],
      [generate("--seed", "-1"), 'engine generate: --seed must be an integer >= 0 and <= 9007199254740991, got "-1"'],
      [generate("--max-new-tokens", ""), 'engine generate: --max-new-tokens must be an integer >= 1, got ""'],
      [generate("--temperature", "hot"), 'engine generate: --temperature must be a number >= 0 and <= 2, got "hot"'],
      [generate("--temperature", "3"), 'engine generate: --temperature must be a number >= 0 and <= 2, got "3"'],
      [generate("--seed", "x"), 'engine generate: --seed must be an integer >= 0 and <= 9007199254740991, got "x"'],
      [generate("--top-p", "0"), 'engine generate: --top-p must be a number > 0 and <= 1, got "0"'],
      [generate("--top-k", "1.5"), 'engine generate: --top-k must be an integer >= 0, got "1.5"'],
      [generate("--repetition-penalty", "0"), 'engine generate: --repetition-penalty must be a number > 0, got "0"'],
      [generate("--max-sequence-length", "64k"), 'engine generate: --max-sequence-length must be an integer >= 1, got "64k"'],
      [generate("--int4", "--int4-block-size", "0"), 'engine generate: --int4-block-size must be an integer >= 1, got "0"'],
      // Not generate(): it gives --threads already, and a flag given twice is refused for that.
      [["generate", model.dir, "--prompt", "Hello", "--threads", "1e9x"], 'engine generate: --threads must be an integer >= 1, got "1e9x"'],
      [serve("--max-batch", "abc"), 'engine serve: --max-batch must be an integer >= 1, got "abc"'],
      [serve("--max-batch", "0"), 'engine serve: --max-batch must be an integer >= 1, got "0"'],
      [serve("--blocks", "0:2", "--max-batch", "0"), 'engine serve: --max-batch must be an integer >= 1, got "0"'],
      [["serve", model.dir, "--port", "70000"], 'engine serve: --port must be an integer >= 0 and <= 65535, got "70000"'],
      [["serve", model.dir, "--port", ""], 'engine serve: --port must be an integer >= 0 and <= 65535, got ""'],
      [["serve", model.dir, "--port", "-1"], 'engine serve: --port must be an integer >= 0 and <= 65535, got "-1"'],
      [["generate", model.dir], "engine generate: generate needs --prompt"],
      [["serve"], "engine serve: name the checkpoint folder"],
      [["tiny", "--shape", "gpt-5"], "engine tiny: --shape must be one of tiny-beluga, tinyllama-1.1b"],
      [generate("--seed", "1", "--seed", "2"), 'engine generate: --seed given twice ("1", then "2"): give it once'],
    ];
    // One after another: started all at once on a loaded machine, they could outlast engine()'s time-out.
    for (const [args, message] of cases) {
      const exit = await engine(...args);
      const what = args.join(" ");
      expect(exit.stderr, what).toContain(message);
      expect(exit.stderr, what).toContain(`usage: engine ${args[0]} `);
      expect(exit.code, what).toBe(2);
      expect(exit.stderr, what).not.toContain("model loaded");
      expect(exit.stdout, what).toBe("");
    }
  }, 600_000);

  it("refuses generate asking for more new tokens than the maximum sequence length leaves after the prompt", async () => {
    const exit = await engine(...generate("--max-sequence-length", "64", "--max-new-tokens", "60"));
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(
      /engine generate: the prompt takes (\d+) tokens and --max-new-tokens asks for 60 more, over the maximum sequence length 64: lower --max-new-tokens to \d+ at most/,
    );
    expect(exit.stdout).toBe("");
  });

  it("generates with threads that spin within a step (--spin-within-run), the same greedy tokens as with threads that sleep", async () => {
    const twoThreads = (...flags: string[]) => ["generate", model.dir, "--prompt", "Hello", "--threads", "2", "--max-new-tokens", "6", ...flags];
    const sleeping = await engine(...twoThreads());
    const spinning = await engine(...twoThreads("--spin-within-run"));
    expect(spinning.code, spinning.stderr).toBe(0);
    expect(spinning.stdout).toBe(sleeping.stdout);
    expect(spinning.stdout.length).toBeGreaterThan(0);
  });

  it("writes generate's loading progress to a pipe as lines, without carriage returns or terminal codes", async () => {
    const exit = await engine(...generate("--max-new-tokens", "2"));
    expect(exit.code).toBe(0);
    expect(exit.stderr).toMatch(/^model loaded$/m);
    expect(exit.stderr).not.toContain("\r");
    expect(exit.stderr).not.toContain("\u001b");
  });
});

describe("engine command-line usage", () => {
  it("prints what each command takes on --help, without loading anything", async () => {
    for (const [command, usage] of [
      ["serve", "usage: engine serve DIR [--port N] [--host 127.0.0.1] [--max-batch N] [--model-id NAME] [model flags]"],
      ["generate", "usage: engine generate DIR --prompt TEXT [--system TEXT]"],
      ["inspect", "usage: engine inspect DIR [--blocks a:b]"],
      ["tiny", "usage: engine tiny [--out DIR] [--shape tiny-beluga|tinyllama-1.1b]"],
    ]) {
      const exit = await engine(command, "--help");
      expect(exit.code, command).toBe(0);
      expect(exit.stdout, command).toContain(usage);
      expect(exit.stderr, command).toBe("");
    }
    expect((await engine("serve", "-h")).stdout).toContain("model flags: [--int4]");
  });

  it("refuses an option a command does not take with that command's usage", async () => {
    const exit = await engine("serve", "models/none", "--bogus");
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("engine serve: Unknown option '--bogus'");
    expect(exit.stderr).toContain("usage: engine serve DIR [--port N]");
  });

  it("lists every command's usage when none is named, or an unknown one, saying which, exit 2", async () => {
    for (const [args, problem] of [
      [[], "engine: name a command"],
      [["bogus"], 'engine: no command "bogus"'],
    ] as const) {
      const exit = await engine(...args);
      expect(exit.code).toBe(2);
      expect(exit.stderr).toContain(`${problem}\n`);
      for (const command of ["tiny", "inspect", "generate", "serve"]) expect(exit.stderr).toContain(`usage: engine ${command} `);
    }
  });

  it("lists every command's usage on stdout on engine --help, exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const exit = await engine(flag);
      expect(exit.code, flag).toBe(0);
      expect(exit.stderr, flag).toBe("");
      for (const command of ["tiny", "inspect", "generate", "serve"]) expect(exit.stdout, flag).toContain(`usage: engine ${command} `);
    }
  });
});

// Runs one of the project's command-line programs as a user would (`node --import tsx cli/…`, or its
// bundle of this test run: tests/support/program-bundle.ts), against the database at `databaseUrl`, and gives back its exit code and both outputs whatever the
// code: a test of a CLI asserts on the code a script would see, so a non-zero exit is a result here,
// not an exception.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { programArgs } from "./program-bundle";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `script` is relative to the repository root, e.g. "cli/campaign.ts"; `env` adds to the environment (RISKLEDGER_ROOT, say). */
export async function runCli(script: string, args: string[], databaseUrl: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runNode([...programArgs(script), ...args], { ...env, DATABASE_URL: databaseUrl });
}

/** A program started by startCli: what it has written to stderr so far, and its end. */
export interface RunningCli {
  stderr(): string;
  done: Promise<CliRun>;
}

/**
 * runCli for a test that acts on what the program says while it runs (cut the database until the
 * program says it waits): stderr can be read before the program ends.
 */
export function startCli(script: string, args: string[], databaseUrl: string): RunningCli {
  const child = spawn(process.execPath, [...programArgs(script), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    // "close", not "exit": by then both outputs have been read to their end.
    child.on("close", (code, signal) => {
      if (code === null) reject(new Error(`${script} was ended by ${signal}; stderr:\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
  return { stderr: () => stderr, done };
}

/**
 * runCli, also giving back the URL of every module the program loaded (tests/support/record-loaded-modules.mjs),
 * for a test to ask whether a command loaded a package at all.
 */
export async function runCliRecordingModules(script: string, args: string[], databaseUrl: string): Promise<CliRun & { modules: string[] }> {
  const record = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-loaded-modules-")), "modules.txt");
  try {
    const run = await runNode(["--import", "tsx", "--import", "./tests/support/record-loaded-modules.mjs", script, ...args], {
      DATABASE_URL: databaseUrl,
      RECORD_LOADED_MODULES: record,
    });
    return { ...run, modules: readFileSync(record, "utf8").trim().split("\n") };
  } finally {
    rmSync(path.dirname(record), { recursive: true, force: true });
  }
}

async function runNode(nodeArgs: string[], env: Record<string, string>): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, nodeArgs, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      // A campaign's --json report lists every run.
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | string; stdout: string; stderr: string };
    // A code that is not a number (ENOENT, ERR_CHILD_PROCESS_STDIO_MAXBUFFER) means the program never ran to its end.
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * Runs `script` once per command line of `argsList`, two at a time, and gives back the runs in the same
 * order. A start is mostly one core loading modules, and a test waiting on it leaves the other idle.
 */
export async function runCliEach(script: string, argsList: string[][], databaseUrl: string): Promise<CliRun[]> {
  const runs: CliRun[] = new Array(argsList.length);
  let next = 0;
  const runNext = async (): Promise<void> => {
    while (next < argsList.length) {
      const index = next++;
      runs[index] = await runCli(script, argsList[index], databaseUrl);
    }
  };
  await Promise.all([runNext(), runNext()]);
  return runs;
}

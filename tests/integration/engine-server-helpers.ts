// What the server and openai-backend tests share: a tiny model of their own and a real
// `engine serve` process they can stop, pause and restart.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeTinyModel } from "../../engine/tiny-model";
import { programArgs } from "../support/program-bundle";

const ROOT = resolve(import.meta.dirname, "../..");

/** A tiny model in a folder of this test file's own, so parallel test files never share one being written. */
export function tinyModelDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "riskledger-serve-"));
  writeTinyModel(join(dir, "tiny-beluga"));
  return { dir: join(dir, "tiny-beluga"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ServeProcess {
  url: string;
  port: number;
  /** The revision it serves, as its /v1/models root says: a serving target of it declares this. */
  revision: string;
  child: ChildProcess;
  /** Ends the process and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `engine serve DIR` as a separate process and resolves once it listens. */
export function startServe(dir: string, port = 0, extra: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...programArgs("engine/cli.ts"), "serve", dir, "--port", String(port), "--threads", "1", ...extra], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return new Promise((resolveServe, reject) => {
    let stdout = "";
    child.stdout!.on("data", (d) => {
      stdout += d;
      const match = /listening on (http:\/\/[^\s]+) \((?:model|blocks) [^,]+, revision ([^,]+),/.exec(stdout);
      if (match) {
        const [, url, revision] = match;
        resolveServe({
          url,
          revision,
          port: Number(new URL(url).port),
          child,
          kill: async (signal = "SIGTERM") => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    });
    child.once("exit", (code, signal) => reject(new Error(`engine serve exited (${code ?? signal}) before listening:\n${stderr}`)));
  });
}

/** A port nothing listens on right now, for a server that must come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

/** The `data:` payloads of an SSE body, in order. */
export function sseEvents(body: string): string[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trim())
        .join("\n"),
    )
    .filter(Boolean);
}

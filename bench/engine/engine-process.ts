// One engine's worker process (worker.ts), as run.ts and load.ts drive it over IPC: started, ready
// with its load time, asked commands one at a time, stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { Command } from "./protocol";

export type EngineName = "ours" | "llama.cpp";

/** worker.ts answers each command with its answer or the error that stopped it. */
type WorkerMessage = { error?: string; answer?: unknown };

const HERE = import.meta.dirname;
const MALLOC_SCRIPT = join(HERE, "../../scripts/with-engine-malloc.sh");

export class EngineProcess {
  private pending: ((message: WorkerMessage) => void) | null = null;
  readonly ready: Promise<{ loadMs: number; baseRssBytes: number; cpuFeatures?: string }>;

  private constructor(
    readonly name: EngineName,
    private readonly child: ChildProcess,
  ) {
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    this.ready = new Promise((resolveReady, reject) => {
      child.once("message", resolveReady);
      child.once("exit", (code) => reject(new Error(`${name} worker exited (${code}) before it was ready:\n${stderr.slice(-2000)}`)));
    });
    child.on("message", (m) => this.pending?.(m as WorkerMessage));
    child.on("exit", (code) => this.pending?.({ error: `${name} worker exited (${code}):\n${stderr.slice(-2000)}` }));
  }

  /**
   * Starts worker.ts as `npm run worker` starts the engine: through scripts/with-engine-malloc.sh, so
   * glibc's malloc takes huge pages (from the host's pool where it has one) and maps every block of
   * 1 MiB or more on its own (TinyLlama 4-bit: RSS after four reps 1.07 GB against 1.26 GB). `tunables`
   * replaces that choice, to compare one against another.
   */
  static start(name: EngineName, args: string[], tunables?: string): EngineProcess {
    const child = spawn("sh", [MALLOC_SCRIPT, process.execPath, "--import", "tsx", join(HERE, "worker.ts"), ...args], {
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      env: tunables ? { ...process.env, GLIBC_TUNABLES: tunables } : process.env,
    });
    return new EngineProcess(name, child);
  }

  ask<T>(command: Command): Promise<T> {
    return new Promise((resolveAnswer, reject) => {
      this.pending = (m) => {
        this.pending = null;
        if (m.error) reject(new Error(m.error));
        else resolveAnswer(m.answer as T);
      };
      this.child.send(command);
    });
  }

  /**
   * Ends the process and resolves once it has exited: a process still unmapping and freeing its
   * gigabytes would slow whatever the bench times next.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => this.child.once("exit", () => resolveExit()));
    this.child.kill();
    await exited;
  }
}

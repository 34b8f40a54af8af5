// One engine's worker process (worker.ts), as run.ts and load.ts drive it over IPC: started, ready
// with its load time, asked commands one at a time, stopped.
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { Command } from "./protocol";

export type EngineName = "ours" | "llama.cpp";

/** worker.ts answers each command with its answer or the error that stopped it. */
type WorkerMessage = { error?: string; answer?: unknown };

const HERE = import.meta.dirname;

export class EngineProcess {
  private pending: ((message: WorkerMessage) => void) | null = null;
  readonly ready: Promise<{ loadMs: number; baseRssBytes: number }>;

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

  static start(name: EngineName, args: string[]): EngineProcess {
    // As `npm run worker` starts the engine (package.json): glibc's malloc asks for huge pages, so onnxruntime's packed
    // weights cost few page faults, and maps every block of 1 MiB or more on its own, so a freed activation goes back
    // to the system instead of growing the heap (TinyLlama 4-bit: RSS after four reps 1.07 GB against 1.26 GB).
    const child = fork(join(HERE, "worker.ts"), args, {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      env: { ...process.env, GLIBC_TUNABLES: "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1048576" },
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

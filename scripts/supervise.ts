// Keeps `npm start`'s processes running together. A child whose death the app can recover from
// (the campaign worker: its leases expire and the runs are taken again) is started again after a
// wait that doubles with each recent death; one that keeps dying (5 times within a minute) is a
// fault a restart will not fix, so everything stops with a message saying so. A child the app
// cannot be without (the web server) stops everything when it dies, with a non-zero exit, rather
// than leave half an app running.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface SupervisedChild {
  /** Named in every message: "web server", "campaign worker". */
  name: string;
  command: string;
  args: string[];
  /** What its death means: start it again, or stop everything. */
  onDeath: "restart" | "stop-all";
  /** What it sends over an IPC channel (given only to a child with this), e.g. the web server's "serving". */
  onMessage?: (message: unknown) => void;
}

export interface SupervisorOptions {
  log: (message: string) => void;
  spawnOptions?: SpawnOptions;
  /** This many deaths of one child within deathWindowMs stop everything (default 5 within 60 s). */
  maxDeaths?: number;
  deathWindowMs?: number;
  /** The wait before the first restart; it doubles with each further death in the window (default 1 s). */
  firstRestartMs?: number;
  /** How long a child has after SIGTERM to hand back its work and exit before it is killed (default 10 s). */
  stopGraceMs?: number;
}

export interface SupervisionEnd {
  /** The supervisor's own exit status: 0 when it was asked to stop, non-zero when a child failed. */
  exitCode: number;
  reason: string;
}

export interface Supervision {
  /** Resolves once every child has exited. */
  ended: Promise<SupervisionEnd>;
  /** Stops every child (SIGTERM, then SIGKILL after the grace); the end has exit status 0. */
  stop(reason: string): Promise<SupervisionEnd>;
}

export function supervise(children: SupervisedChild[], options: SupervisorOptions): Supervision {
  const maxDeaths = options.maxDeaths ?? 5;
  const deathWindowMs = options.deathWindowMs ?? 60_000;
  const firstRestartMs = options.firstRestartMs ?? 1000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;

  const running = new Map<SupervisedChild, ChildProcess>();
  const deaths = new Map<SupervisedChild, number[]>(children.map((child) => [child, []]));
  const restarts = new Set<NodeJS.Timeout>();
  let end: SupervisionEnd | null = null;
  let resolveEnded: (end: SupervisionEnd) => void = () => {};
  const ended = new Promise<SupervisionEnd>((resolve) => (resolveEnded = resolve));

  for (const child of children) start(child);
  return { ended, stop: (reason) => stopAll({ exitCode: 0, reason }) };

  function start(child: SupervisedChild) {
    const spawned = spawn(child.command, child.args, child.onMessage ? withIpc(options.spawnOptions ?? {}) : (options.spawnOptions ?? {}));
    if (child.onMessage) spawned.on("message", child.onMessage);
    running.set(child, spawned);
    if (spawned.pid !== undefined) options.log(`started the ${child.name} (pid ${spawned.pid})`);
    let gone = false;
    const onGone = (how: string) => {
      if (gone) return;
      gone = true;
      running.delete(child);
      if (end) return finishIfAllExited();
      died(child, how);
    };
    spawned.on("exit", (code, signal) => onGone(signal ? `killed by ${signal}` : `exit code ${code}`));
    // A command that cannot be started never exits: this is its only word.
    spawned.on("error", (error) => {
      if (spawned.pid === undefined) onGone(`could not be started: ${error.message}`);
    });
  }

  function died(child: SupervisedChild, how: string) {
    if (child.onDeath === "stop-all") {
      const code = /^exit code (\d+)$/.exec(how)?.[1];
      void stopAll({ exitCode: Number(code) || 1, reason: `the ${child.name} exited (${how}); the app cannot run without it, so everything was stopped` });
      return;
    }
    const now = Date.now();
    const recent = deaths.get(child)!.filter((at) => now - at < deathWindowMs);
    recent.push(now);
    deaths.set(child, recent);
    if (recent.length >= maxDeaths) {
      const window = `${Math.round(deathWindowMs / 1000)} s`;
      void stopAll({
        exitCode: 1,
        reason: `the ${child.name} died ${recent.length} times within ${window} (last: ${how}); restarting it again would not help, so everything was stopped`,
      });
      return;
    }
    const wait = firstRestartMs * 2 ** (recent.length - 1);
    options.log(
      `the ${child.name} exited (${how}); starting it again in ${wait} ms (${recent.length} of ${maxDeaths} deaths allowed within ${Math.round(deathWindowMs / 1000)} s)`,
    );
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!end) start(child);
    }, wait);
    restarts.add(timer);
  }

  function stopAll(why: SupervisionEnd): Promise<SupervisionEnd> {
    if (end) return ended;
    end = why;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    for (const [child, spawned] of running) {
      options.log(`stopping the ${child.name} (pid ${spawned.pid})`);
      spawned.kill("SIGTERM");
      // Whatever has not handed back its work by then is killed; its leases expire as a crash's would.
      setTimeout(() => spawned.exitCode === null && spawned.signalCode === null && spawned.kill("SIGKILL"), stopGraceMs).unref();
    }
    finishIfAllExited();
    return ended;
  }

  function finishIfAllExited() {
    if (end && running.size === 0) resolveEnded(end);
  }
}

/** The same standard streams, and an IPC channel as the fourth. */
function withIpc(spawnOptions: SpawnOptions): SpawnOptions {
  const stdio = spawnOptions.stdio ?? "pipe";
  const streams = typeof stdio === "string" ? [stdio, stdio, stdio] : stdio.slice(0, 3);
  return { ...spawnOptions, stdio: [...streams, "ipc"] };
}

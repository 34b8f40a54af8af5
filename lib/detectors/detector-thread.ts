// The pure detectors judge a campaign's outputs in a thread of their own, with a deadline. They are
// plain JavaScript: run on the worker's thread, one whose reading of an output runs away (a regular
// expression gone exponential on a looping model's answer: stop 52 found one that would take hours
// on 330 characters) would hold that thread, its heartbeat and every other run with it, for as long
// as it took, and the next worker to lease the batch would stall on the same output. Here the
// worker's thread stays free, and a detector past the deadline is stopped with its thread; the run
// is a failed attempt, as when a detector throws. One thread serves the process, one output at a
// time (as the worker's own thread judged them), and is started again after a stop.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PureDetectorName } from "./registry";
import type { DetectorResult, JudgedCase } from "./types";

/**
 * A usual output takes the detectors 5-10 ms; the longest an endpoint may give (262,144 characters, max_tokens 4,096)
 * 1-3 s on a 2-core VM, and a new thread's first outputs up to 2-3 s in all while V8 compiles the detectors' patterns.
 * A deadline ten times that leaves room for a loaded machine.
 */
export const DEFAULT_DETECTOR_DEADLINE_MS = 30_000;

export interface DetectorThreadRequest {
  output: string;
  testCase: JudgedCase;
  names: readonly PureDetectorName[];
}

export type DetectorThreadReply = { ready: true } | { started: PureDetectorName } | { results: DetectorResult[] } | { error: string };

/** A detector ran past the deadline on an output and was stopped. */
export class DetectorDeadlineError extends Error {}

/** A started thread, and the error that ended it, if one did (a thread's uncaught error is reported before its exit). */
interface DetectorThread {
  worker: Worker;
  failure: unknown;
}

let thread: Promise<DetectorThread> | null = null;
let lastTurn: Promise<unknown> = Promise.resolve();

/** The named detectors' findings on `output`, judged in the detector thread; rejects with DetectorDeadlineError past `deadlineMs`. */
export function judgeInDetectorThread(
  output: string,
  testCase: JudgedCase,
  names: readonly PureDetectorName[],
  deadlineMs: number = DEFAULT_DETECTOR_DEADLINE_MS,
): Promise<DetectorResult[]> {
  const turn = lastTurn.then(() => judgeInThread({ output, testCase, names }, deadlineMs));
  lastTurn = turn.catch(() => {});
  return turn;
}

async function judgeInThread(request: DetectorThreadRequest, deadlineMs: number): Promise<DetectorResult[]> {
  thread ??= startThread();
  const current = thread;
  const started = await current;
  const { worker } = started;
  return new Promise((resolve, reject) => {
    let running = request.names[0];
    const settle = (outcome: () => void) => {
      clearTimeout(deadline);
      worker.off("message", onMessage).off("exit", onExit).unref();
      outcome();
    };
    const onMessage = (reply: DetectorThreadReply) => {
      if ("started" in reply) running = reply.started;
      else if ("results" in reply) settle(() => resolve(reply.results));
      else if ("error" in reply) settle(() => reject(new Error(reply.error)));
    };
    const onExit = (code: number) => {
      const why = started.failure ? `: ${started.failure}` : "";
      settle(() => reject(new Error(`the detector thread stopped (exit code ${code}) while the ${running} detector judged${why}`)));
    };
    const deadline = setTimeout(() => {
      if (thread === current) thread = null;
      void worker.terminate();
      const length = request.output.length.toLocaleString("en");
      settle(() =>
        reject(
          new DetectorDeadlineError(`the ${running} detector took longer than ${deadlineMs / 1000} s on this output (${length} characters) and was stopped`),
        ),
      );
    }, deadlineMs);
    worker.on("message", onMessage).once("exit", onExit).ref();
    worker.postMessage(request);
  });
}

/**
 * The thread, once its detectors are loaded (about half a second), so that the deadline counts judging only. Once it
 * exits (stopped at a deadline, or ended by an error) the next judgement starts another.
 */
function startThread(): Promise<DetectorThread> {
  // From the project's folder, as the labelled outputs are read: a program bundled into one file (as the tests bundle
  // the CLIs) has no boot file beside it.
  const boot = path.join(process.cwd(), "lib", "detectors", "detector-thread-boot.mjs");
  const started: DetectorThread = { worker: new Worker(boot), failure: null };
  const { worker } = started;
  const ready = new Promise<DetectorThread>((resolve, reject) => {
    worker.once("message", () => {
      worker.unref();
      resolve(started);
    });
    worker.once("exit", (code) => reject(new Error(`the detector thread did not start (exit code ${code})${started.failure ? `: ${started.failure}` : ""}`)));
  });
  worker.on("error", (error) => (started.failure = error));
  worker.once("exit", () => {
    if (thread === ready) thread = null;
  });
  return ready;
}

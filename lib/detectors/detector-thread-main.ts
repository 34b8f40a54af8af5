// The detector thread's side (see detector-thread.ts): it judges one output at a time with the pure
// detectors and says which detector it is running, so that a stop at the deadline can name it.
import { parentPort } from "node:worker_threads";
import { judgeWithDetectors } from "./registry";
import type { DetectorThreadReply, DetectorThreadRequest } from "./detector-thread";

const port = parentPort;
if (!port) throw new Error("detector-thread-main.ts runs as a worker thread (detector-thread.ts starts it)");

const reply = (message: DetectorThreadReply) => port.postMessage(message);

port.on("message", async ({ output, testCase, names }: DetectorThreadRequest) => {
  try {
    reply({ results: await judgeWithDetectors(output, testCase, names, (name) => reply({ started: name })) });
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
});
reply({ ready: true });

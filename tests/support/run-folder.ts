// `npm test` (tests/run-all.sh) gives its run a temporary folder of its own and removes it when the
// run ends. A run of Vitest alone (`npx vitest run tests/integration/...`) gets one here, so the
// databases, checkpoints and campaign folders its tests copy go with it instead of piling up in
// /tmp. The test workers inherit TMPDIR from this, Vitest's main process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The prefix tests/run-all.sh gives its run's folder. */
const RUN_FOLDER_PREFIX = "riskledger-test-run-";

// Every project (vitest.config.ts) names this setup, and Vitest calls it once for each in its one
// main process: the first call makes the folder, and its teardown, at the end of the run, removes it.
const madeInThisProcess = Symbol.for("riskledger.runFolder");
const processState = globalThis as { [madeInThisProcess]?: string };

export default function setup() {
  if (processState[madeInThisProcess] || path.basename(tmpdir()).startsWith(RUN_FOLDER_PREFIX)) return;
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(path.join(tmpdir(), RUN_FOLDER_PREFIX));
  process.env.TMPDIR = folder;
  processState[madeInThisProcess] = folder;
  return () => {
    rmSync(folder, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    delete processState[madeInThisProcess];
  };
}

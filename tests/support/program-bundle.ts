// The programs tests start as child processes (the CLIs, the engine's CLI, a few test programs), bundled
// once per test run by esbuild, the compiler tsx itself runs on each file. Under tsx, a start resolves and
// compiles some 450 modules through loader hooks on a second thread: 1.2 s of CPU more than the same code
// bundled, and about 200 CLI and engine processes a run (tests/integration: 88-102 s against 63-65 s for four
// CLI files). The packages in node_modules stay outside the bundle, loaded as the app loads them.
//
// What runs a program the README's way, through tsx, stays so: the Playwright server's steps, scripts/start.ts
// and scripts/migrate.ts, tests/integration/offline-telemetry.test.ts, and the tests that record which modules
// a command loads (runCliRecordingModules).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The programs bundled, as paths from the repository root. */
const bundledPrograms = [
  "cli/riskledger.ts",
  "cli/campaign.ts",
  "cli/worker.ts",
  "cli/detectors-accuracy.ts",
  "engine/cli.ts",
  "tests/support/sign-in-process.ts",
  "tests/support/append-chunk-process.ts",
  "tests/support/create-campaign-process.ts",
];

/** Set by the integration tests' global setup to the folder of this run's bundle. */
const BUNDLE_FOLDER_VARIABLE = "RISKLEDGER_PROGRAM_BUNDLE";

/**
 * Bundles bundledPrograms into a new folder under node_modules/.cache (inside the project, so that Node
 * finds the packages left outside the bundle, as it does for the sources) and says where in the
 * environment the test workers inherit. Gives back a function removing it.
 */
export async function buildProgramBundle(): Promise<() => void> {
  const cache = path.join(ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const folder = mkdtempSync(path.join(cache, "riskledger-programs-"));
  await build({
    absWorkingDir: ROOT,
    entryPoints: bundledPrograms,
    outdir: folder,
    outbase: ".",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: `node${process.versions.node}`,
    packages: "external",
    logLevel: "error",
  });
  process.env[BUNDLE_FOLDER_VARIABLE] = folder;
  return () => {
    rmSync(folder, { recursive: true, force: true });
    delete process.env[BUNDLE_FOLDER_VARIABLE];
  };
}

/**
 * The arguments to `node` that run `script` (a path from the repository root, e.g. "cli/campaign.ts"):
 * its bundle when this run has one, otherwise the source through tsx, as a person runs it.
 */
export function programArgs(script: string): string[] {
  const folder = process.env[BUNDLE_FOLDER_VARIABLE];
  if (!folder || !bundledPrograms.includes(script)) return ["--import", "tsx", script];
  return [path.join(folder, script.replace(/\.ts$/, ".js"))];
}

// Module hooks that append the URL of every module Node loads to the file RECORD_LOADED_MODULES
// names, for a test to ask whether a command loaded a package at all. Registered in a child process
// with `node --import tsx --import ./tests/support/record-loaded-modules.mjs`.
import { appendFileSync } from "node:fs";
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

export async function load(url, context, nextLoad) {
  appendFileSync(process.env.RECORD_LOADED_MODULES, `${url}\n`);
  return nextLoad(url, context);
}

// Imported on the main thread (by --import) it registers itself; on the hooks' thread it is the hooks.
if (isMainThread) register(import.meta.url);

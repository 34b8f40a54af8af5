// eld's n-gram tables are 2 MB of JavaScript that took 1.2 s of every command that imported the
// detectors, whether or not it judged anything: 1.2 s of the 2.9 s `riskledger card --help` took. They
// load when a language is first identified.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const folder = mkdtempSync(path.join(tmpdir(), "riskledger-loaded-modules-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function modulesLoadedBy(script: string, name: string): string[] {
  const record = path.join(folder, name);
  const run = spawnSync(process.execPath, ["--import", "tsx", "--import", "./tests/support/record-loaded-modules.mjs", "--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, RECORD_LOADED_MODULES: record },
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return readFileSync(record, "utf8").trim().split("\n");
}

const eldTables = (url: string) => url.includes("/node_modules/eld/src/ngrams/");

describe("the language identifier's tables", () => {
  test("are not loaded by importing the detectors", () => {
    const loaded = modulesLoadedBy(`await import("./lib/detectors/index.ts");`, "import-only");
    expect(loaded.some((url) => url.endsWith("/lib/detectors/language.ts"))).toBe(true);
    expect(loaded.filter(eldTables)).toEqual([]);
  });

  test("are loaded by the first language judgement, which then identifies the language", () => {
    const loaded = modulesLoadedBy(
      `const { languageDetector } = await import("./lib/detectors/index.ts");
       const result = await languageDetector.judge("Voici trois idées de films à regarder en famille ce week-end.", { language: "fr", prompt: "…", expected: ["answer_in_prompt_language"] });
       if (result.verdict !== "pass") throw new Error(JSON.stringify(result));`,
      "first-judgement",
    );
    expect(loaded.filter(eldTables).length).toBe(1);
  });
});

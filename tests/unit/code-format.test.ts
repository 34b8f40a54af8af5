// The formatter and the linter are part of the tests: a file not formatted as biome.jsonc says, or with a
// finding of its lint rules, fails here, with the files named and the command that shows or fixes them.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const biome = path.join(root, "node_modules", ".bin", "biome");

function runBiome(command: "format" | "lint") {
  return spawnSync(biome, [command, "--colors=off", "--max-diagnostics=50", "."], { cwd: root, encoding: "utf8" });
}

test("every source file is formatted as biome.jsonc says (fix: npx biome format --write .)", () => {
  const check = runBiome("format");
  expect(check.error).toBeUndefined();
  expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
});

test("no source file has a lint finding, warnings included (see: npx biome lint .)", () => {
  const check = runBiome("lint");
  expect(check.error).toBeUndefined();
  expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
  expect(`${check.stdout}${check.stderr}`).not.toMatch(/Found \d+ (warning|info)/);
});

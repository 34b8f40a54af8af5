// The formatter is part of the tests: a file not formatted as biome.json says fails here, with the
// files named and the command that fixes them.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const biome = path.join(root, "node_modules", ".bin", "biome");

test("every source file is formatted as biome.json says (fix: npx biome format --write .)", () => {
  const check = spawnSync(biome, ["format", "--reporter=summary", "--colors=off", "."], { cwd: root, encoding: "utf8" });
  expect(check.error).toBeUndefined();
  expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
});

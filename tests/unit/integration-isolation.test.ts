// The integration files share one process (vitest.config.ts) unless they are listed as isolated:
// a file that would leave its process changed must be on that list, and the list names no file
// that could share.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { lastingProcessChanges } from "../support/process-state-changes";
import { isolatedIntegrationFiles } from "../../vitest.config";

const root = path.resolve(import.meta.dirname, "../..");
const integrationFiles = readdirSync(path.join(root, "tests/integration"))
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => `tests/integration/${name}`);
const changesOf = (file: string) => lastingProcessChanges(readFileSync(path.join(root, file), "utf8"));

describe("which integration files run in a process of their own", () => {
  test.each([
    ["a module mock", `vi.mock("next/headers", () => ({}));`, ["calls vi.mock"]],
    [
      "an environment variable set before imports",
      `vi.hoisted(() => { process.env.SLOW = "1"; });`,
      ["calls vi.hoisted", "sets process.env.SLOW and never deletes it"],
    ],
    ["an environment variable never put back", `beforeAll(() => { process.env.DATABASE_URL = url; });`, ["sets process.env.DATABASE_URL and never deletes it"]],
    ["a bracketed environment variable", `process.env["RISKLEDGER_HOSTS"] = "a";`, ["sets process.env.RISKLEDGER_HOSTS and never deletes it"]],
  ])("finds %s", (_, source, changes) => {
    expect(lastingProcessChanges(source)).toEqual(changes);
  });

  test("lets a file share a process when it puts back what it sets and only compares the environment", () => {
    const source = `const before = process.env.X;\nprocess.env.X = "1";\nif (process.env.X === "1") {}\nafterAll(() => { delete process.env.X; });`;
    expect(lastingProcessChanges(source)).toEqual([]);
  });

  test("every integration file that leaves its process changed runs isolated", () => {
    const shared = integrationFiles.filter((file) => !isolatedIntegrationFiles.includes(file));
    expect(shared.filter((file) => changesOf(file).length > 0)).toEqual([]);
  });

  test("every isolated file exists and needs its own process", () => {
    expect(isolatedIntegrationFiles.filter((file) => !integrationFiles.includes(file) || changesOf(file).length === 0)).toEqual([]);
  });
});

// The integration files share one process (vitest.config.ts), in two projects: the app's files, whose
// setup stands in Next's request modules and puts the environment back after each file, and the
// others. A file that mocks modules itself runs isolated; every other file that would leave its
// process changed must be one of the app's; and the lists name no file that could share.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { lastingProcessChanges } from "../support/process-state-changes";
import { appIntegrationFiles, isolatedIntegrationFiles } from "../../vitest.config";

const root = path.resolve(import.meta.dirname, "../..");
const integrationFiles = readdirSync(path.join(root, "tests/integration"))
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => `tests/integration/${name}`);
const changesOf = (file: string) => lastingProcessChanges(readFileSync(path.join(root, file), "utf8"));
const mocking = (file: string) => changesOf(file).some((change) => change.startsWith("calls vi."));

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

  test("every integration file that leaves its process changed is one of the app's or runs isolated", () => {
    const shared = integrationFiles.filter((file) => !appIntegrationFiles.includes(file) && !isolatedIntegrationFiles.includes(file));
    expect(shared.filter((file) => changesOf(file).length > 0)).toEqual([]);
  });

  test("the app's files exist and mock nothing themselves: their setup's stand-ins hold for them all", () => {
    expect(appIntegrationFiles.filter((file) => !integrationFiles.includes(file) || mocking(file) || isolatedIntegrationFiles.includes(file))).toEqual([]);
  });

  test("every isolated file exists and mocks modules itself, so it needs its own process", () => {
    expect(isolatedIntegrationFiles.filter((file) => !integrationFiles.includes(file) || !mocking(file))).toEqual([]);
  });
});

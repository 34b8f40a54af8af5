// `riskledger card export --out FILE` given a path it cannot write, run as a person runs it: a
// folder, or a file in a folder that does not exist. Each gets one line naming the path and what is
// wrong in words, as a path to read does (lib/content/file-problem.ts), not Node's ENOENT or EISDIR.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { runCli } from "../support/run-cli";
import { seededDatabaseFile } from "./releases-setup";

test("card export --out names a folder, or a file whose folder does not exist, in words", async () => {
  const { url } = await seededDatabaseFile();
  const folder = mkdtempSync(path.join(tmpdir(), "card-export-out-"));
  const inMissingFolder = path.join(folder, "no-such-folder", "card.md");

  expect(await runCli("cli/riskledger.ts", ["card", "export", "--out", folder], url)).toEqual({
    code: 1,
    stdout: "",
    stderr: `card: --out ${folder}: a folder, not a file\n`,
  });
  expect(await runCli("cli/riskledger.ts", ["card", "export", "--out", inMissingFolder], url)).toEqual({
    code: 1,
    stdout: "",
    stderr: `card: --out ${inMissingFolder}: its folder ${path.dirname(inMissingFolder)} does not exist\n`,
  });
}, 60_000);

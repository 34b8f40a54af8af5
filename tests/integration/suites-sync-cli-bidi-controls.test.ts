// `riskledger suites sync` refuses a suites folder naming the files and the text at fault: a
// bidirectional control in them (an unclosed U+202E reverses the rest of its terminal line) is
// written by name, as the rest of the CLI writes its refusals.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { suitesDir } from "../../lib/suites/load";
import { BIDI_CONTROLS } from "../../lib/domain/bidi-controls";
import { freshDatabase } from "../support/fresh-database";
import { runCli } from "../support/run-cli";

afterEach(() => {
  delete process.env.RISKLEDGER_ROOT;
});

test("suites sync names the bidirectional controls of a file it refuses", async () => {
  const { url } = freshDatabase();
  expect((await runCli("cli/riskledger.ts", ["card", "import", "--apply"], url)).code).toBe(0);
  const root = mkdtempSync(path.join(tmpdir(), "riskledger-suites-root-"));
  mkdirSync(path.join(root, "content"));
  cpSync(suitesDir, path.join(root, "content", "suites"), { recursive: true });
  writeFileSync(path.join(root, "content", "suites", "notes \u202Elmay.txt"), "");
  process.env.RISKLEDGER_ROOT = root;

  const refused = await runCli("cli/riskledger.ts", ["suites", "sync"], url);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("notes <U+202E>lmay.txt:1:1 (suite): not read: a suite file's name ends in .yaml or .yml");
  expect(refused.stderr).not.toMatch(new RegExp(`[${BIDI_CONTROLS}]`));
}, 90_000);

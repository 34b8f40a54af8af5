// `riskledger evidence import` quotes the result file it reads (its run id, the model it names, the
// tests it could not map): text another tool wrote. A bidirectional control in it (an unclosed
// U+202E reverses the rest of its terminal line) is written by name, as the rest of the CLI writes it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { BIDI_CONTROLS } from "../../lib/domain/bidi-controls";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { runCli } from "../support/run-cli";
import { seededDatabaseFile } from "./releases-setup";

test("evidence import names the bidirectional controls of the result file's text it quotes", async () => {
  const { url } = await seededDatabaseFile();
  const report = readFileSync(`${FIXTURES_DIR}/garak/quack.report.jsonl`, "utf8").replaceAll("d7ba0a51", "\\u202Ed7ba0a51");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "evidence-bidi-")), "quack.report.jsonl");
  writeFileSync(file, report);

  const { code, stdout, stderr } = await runCli("cli/riskledger.ts", ["evidence", "import", "--dry-run", file], url);

  expect(code).toBe(0);
  expect(stdout).toContain("run <U+202E>d7ba0a51-");
  expect(`${stdout}${stderr}`).not.toMatch(new RegExp(`[${BIDI_CONTROLS}]`));
}, 60_000);

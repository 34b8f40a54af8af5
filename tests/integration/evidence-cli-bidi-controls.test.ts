// `riskledger evidence import` quotes the result file it reads (its run id, the model it names, the
// tests it could not map): text another tool wrote. A bidirectional control in it (an unclosed
// U+202E reverses the rest of its terminal line) is written by name, as the rest of the CLI writes it, and so is a
// terminal escape or a line break in a name it gives. Seen: a garak report whose model name held
// "\u001b]0;owned\u0007\u001b[31m" retitled the operator's terminal window and turned the rest of the preview red, and
// one whose model name held a line break printed a line of the preview that the import never counted.
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

test("evidence import names the terminal escapes of the result file's text it quotes", async () => {
  const { url } = await seededDatabaseFile();
  const report = readFileSync(`${FIXTURES_DIR}/garak/lmrc.report.jsonl`, "utf8").replaceAll('"test"', '"test\\u001b]0;owned\\u0007\\u001b[31m"');
  const file = path.join(mkdtempSync(path.join(tmpdir(), "evidence-escape-")), "lmrc.report.jsonl");
  writeFileSync(file, report);

  const { code, stdout, stderr } = await runCli("cli/riskledger.ts", ["evidence", "import", "--dry-run", "--use", "U2", file], url);

  expect(code).toBe(0);
  expect(stdout).toContain("model test\\u001b]0;owned\\u0007\\u001b[31m,");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not be printed
  expect(`${stdout}${stderr}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}, 60_000);

test("evidence import writes out a line break in a name the result file gives, on the line that quotes it and where it is stored", async () => {
  const { url, db } = await seededDatabaseFile();
  const forged = "test\\n  R1×U2    0 of 100 failed, 0.0% [0.0%–3.7%]: pass";
  const report = readFileSync(`${FIXTURES_DIR}/garak/lmrc.report.jsonl`, "utf8").replaceAll('"test"', `"${forged}"`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "evidence-line-break-")), "lmrc.report.jsonl");
  writeFileSync(file, report);

  const { code, stdout } = await runCli("cli/riskledger.ts", ["evidence", "import", "--use", "U2", file], url);

  expect(code).toBe(0);
  expect(stdout).toContain("model test\\u000a  R1×U2    0 of 100 failed");
  expect(stdout.split("\n").filter((line) => line.startsWith("  R1×U2"))).toEqual([expect.stringMatching(/^ {2}R1×U2 {4}0 of 14 failed/)]);
  expect((await db.externalImport.findFirstOrThrow()).testedModel).toBe("test\\u000a  R1×U2    0 of 100 failed, 0.0% [0.0%–3.7%]: pass");
}, 60_000);

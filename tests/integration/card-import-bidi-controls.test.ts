// `riskledger card import` quotes the card's own text back to the operator: each difference from
// the stored card, and each warning about the source. A bidirectional control in that text (an
// unclosed U+202E reverses the rest of its terminal line) is written by name, as the rest of the CLI
// writes it, so the preview shows what the source says rather than what the control makes of it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { cardSourcePath } from "../../lib/content/paths";
import { BIDI_CONTROLS } from "../../lib/domain/bidi-controls";
import { freshDatabase } from "../support/fresh-database";
import { runCli } from "../support/run-cli";
import { seededDatabaseFile, slug } from "./releases-setup";

function cardFileWith(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "card-bidi-")), "card.md");
  writeFileSync(file, text);
  return file;
}

test("card import names the bidirectional controls of the differences and warnings it quotes", async () => {
  const { url } = await seededDatabaseFile();
  const source = readFileSync(cardSourcePath(slug), "utf8");
  const edited = source
    .replace("please email lm@stability.ai", "please email \u202Elm@stability.ai")
    .replace("| R1   | Reflects offensive", "| R1   | \u2067Reflects offensive");
  expect(edited).not.toBe(source);

  const { code, stdout, stderr } = await runCli("cli/riskledger.ts", ["card", "import", "--file", cardFileWith(edited), "--model", slug], url);

  expect(code).toBe(0);
  expect(stdout).toContain('please email <U+202E>lm@stability.ai"');
  expect(stderr).toContain('warning: the table calls R1 "<U+2067>Reflects offensive');
  expect(`${stdout}${stderr}`).not.toMatch(new RegExp(`[${BIDI_CONTROLS}]`));
}, 60_000);

test("card import names the bidirectional control of a cell it cannot read", async () => {
  const { url } = freshDatabase();
  const source = readFileSync(cardSourcePath(slug), "utf8");
  const unreadable = source.replace(/(\| R1 +\| [^|]+\| )not assessed · unrated/, "$1\u202Ebogus");
  expect(unreadable).not.toBe(source);

  const { code, stdout, stderr } = await runCli("cli/riskledger.ts", ["card", "import", "--file", cardFileWith(unreadable), "--model", slug], url);

  expect(code).toBe(1);
  expect(stderr).toContain('R1 x U1: cannot read "<U+202E>bogus"');
  expect(`${stdout}${stderr}`).not.toMatch(new RegExp(`[${BIDI_CONTROLS}]`));
}, 60_000);

// `riskledger card release list` and `publish` quote a person's name (the publisher) and each gap's
// cell names (a risk's title, a use's purpose, typed by reviewers): a bidirectional control in them
// (an unclosed U+202E reverses the rest of its terminal line, the sha256 with it) is written by name,
// as the rest of the CLI writes it.
import { expect, test } from "vitest";
import { BIDI_CONTROLS } from "../../lib/domain/bidi-controls";
import { runCli } from "../support/run-cli";
import { seededDatabaseFile, slug } from "./releases-setup";

test("release publish and release list name the bidirectional controls of the publisher's name and the gaps' names", async () => {
  const { db, url } = await seededDatabaseFile();
  await db.user.create({ data: { name: "Ada \u202EApprover", email: "ada@cli.test", role: "APPROVER" } });
  for (const risk of await db.risk.findMany({ where: { model: { slug } } }))
    await db.risk.update({ where: { id: risk.id }, data: { title: `${risk.title} \u202Edesab` } });
  const cardCli = (args: string[]) => runCli("cli/riskledger.ts", ["card", "release", ...args, "--model", slug], url);

  const refused = await cardCli(["publish", "--as", "ada@cli.test"]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(" <U+202E>desab in ");

  const published = await cardCli(["publish", "--justification", "Pilot only.", "--as", "ada@cli.test"]);
  expect({ code: published.code, stderr: published.stderr }).toEqual({ code: 0, stderr: "" });
  expect(published.stdout).toMatch(/ {2}accepted: R\d+×U\d+ \([^)]* <U\+202E>desab in [^)]*\): /);

  const listed = await runCli("cli/riskledger.ts", ["card", "release", "list", "--model", slug], url);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(/^v1 {2}\S+ {2}Ada <U\+202E>Approver {2}sha256 [0-9a-f]{64}, \d+ gaps? accepted\n$/);
  expect(`${refused.stdout}${refused.stderr}${published.stdout}${listed.stdout}`).not.toMatch(new RegExp(`[${BIDI_CONTROLS}]`));
}, 120_000);

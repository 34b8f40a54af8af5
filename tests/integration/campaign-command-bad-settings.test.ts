// `campaign run` with a setting it cannot take, on a database holding the card but no suites yet:
// the refusal names the flag as it was typed (not the settings' field, "sampling.seed"), exits 2,
// and writes nothing: the suites are synced only for a campaign that will start.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { freshDatabase } from "../support/fresh-database";
import { runCli } from "../support/run-cli";

test("a campaign setting out of range is refused naming its flag, exit 2, before the suites are synced", async () => {
  const { db, url } = freshDatabase();
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
  const audited = await db.auditEvent.count();
  const cases: Array<[string[], string]> = [
    [["--seed", "-1"], "campaign: --seed: the seed must be at least 0\n"],
    [["--repeats", "0"], "campaign: --repeats: repeats must be at least 1\n"],
    [["--temperature", "-1"], "campaign: --temperature: the temperature must be at least 0\n"],
    [["--max-new-tokens", "0"], "campaign: --max-new-tokens: the most new tokens must be at least 1\n"],
    [["--cases-per-suite", "x"], "campaign: --cases-per-suite: cases per suite must be a number\n"],
    [["--rule", "most"], 'campaign: --rule: the verdict rule is "any", "majority" or "all"\n'],
    [["--judge", "gpt"], 'campaign: --judge: the model judge is "off", "local" or "openai"\n'],
    [["--uses", "U9"], "campaign: --uses: no use U9 in stable-beluga-2"],
  ];
  for (const [flags, message] of cases) {
    const result = await runCli("cli/campaign.ts", ["run", ...flags], url);
    expect(result.code, flags.join(" ")).toBe(2);
    expect(result.stderr, flags.join(" ")).toContain(message);
  }
  expect(await db.testSuite.count()).toBe(0);
  expect(await db.campaign.count()).toBe(0);
  expect(await db.auditEvent.count()).toBe(audited);
}, 300_000);

// `riskledger model checkpoint [--model SLUG]`: reads what the model's local checkpoint is (its
// revision, the tiny smoke-test model or not) from its headers and stores it on the model, so no
// page has to open a shard. `npm start` runs it at every start, after the checkpoint is made.
// The command line is checked before the command's modules load: a refusal or --help is answered
// in a fraction of the time they take.
import { defaultModelSlug } from "../lib/content/paths";
import { databaseProblemLine, openDatabase } from "./database-problem";
import { parseCliArguments, refuseExtraArguments, refuseUnknownCommand } from "./parse-cli-arguments";

const USAGE = "usage: riskledger model checkpoint [--model SLUG]";

const { positionals, values } = parseCliArguments("model", USAGE, {
  allowPositionals: true,
  options: { model: { type: "string", default: defaultModelSlug } },
});

if (positionals[0] !== "checkpoint") refuseUnknownCommand("model", USAGE, positionals[0]);
refuseExtraArguments("model", USAGE, positionals.slice(1));

const db = await openDatabase("model");
const { recordCheckpointFacts } = await import("../lib/models/checkpoint-facts");
try {
  const slug = values.model!;
  const model = await db.model.findUnique({ where: { slug }, select: { id: true } });
  if (!model) throw new Error(`no model ${slug}: import its card first (riskledger card import --model ${slug})`);
  const facts = await recordCheckpointFacts(db, model.id);
  console.log(
    facts.revisionHash === null
      ? `${slug}: no checkpoint on disk yet; its revision is recorded when one is there`
      : `${slug}: checkpoint revision ${facts.revisionHash}${facts.isSmokeTestModel ? " (the generated tiny model: its evidence is a smoke test)" : ""}`,
  );
} catch (error) {
  console.error(databaseProblemLine("model", error) ?? (error instanceof Error ? error.message : error));
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

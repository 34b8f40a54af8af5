// `riskledger suites sync [--model SLUG]`: loads content/suites/*.yaml into the database, and retires
// the suite of a file taken out of the folder.
// The command line is checked before the command's modules load: a refusal or --help is answered
// in a fraction of the time they take.
import { terminalText } from "../lib/domain/terminal-text";
import { defaultModelSlug } from "../lib/content/paths";
import { databaseProblemLine, openDatabase } from "./database-problem";
import { parseCliArguments, refuseExtraArguments, refuseUnknownCommand } from "./parse-cli-arguments";

const USAGE = "usage: riskledger suites sync [--model SLUG]";

const { positionals, values } = parseCliArguments("suites", USAGE, {
  allowPositionals: true,
  options: { model: { type: "string", default: defaultModelSlug } },
});

if (positionals[0] !== "sync") refuseUnknownCommand("suites", USAGE, positionals[0]);
refuseExtraArguments("suites", USAGE, positionals.slice(1));

const db = await openDatabase("suites");
const { syncNotes, syncSuiteFolder } = await import("../lib/suites/sync-suites");
try {
  const report = await syncSuiteFolder(db, values.model!);
  for (const suite of report.suites) {
    console.log(`${suite.key} (${suite.use}): ${suite.cases} cases, ${suite.created ? "created" : suite.changed ? "updated" : "unchanged"}`);
  }
  for (const note of syncNotes(report)) console.log(note);
} catch (error) {
  // A refusal quotes the files' names and text: their control characters are named, not applied.
  console.error(databaseProblemLine("suites", error) ?? terminalText(error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

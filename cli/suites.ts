// `riskledger suites sync [--model SLUG]`: loads content/suites/*.yaml into the database, and retires
// the suite of a file taken out of the folder.
// The command line is checked before the command's modules load: a refusal or --help is answered
// in a fraction of the time they take.
import { withBidiControlsNamed } from "../lib/domain/bidi-controls";
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
const { syncSuiteFolder } = await import("../lib/suites/sync-suites");
try {
  const report = await syncSuiteFolder(db, values.model!);
  for (const suite of report.suites) {
    console.log(`${suite.key} (${suite.use}): ${suite.cases} cases, ${suite.created ? "created" : suite.changed ? "updated" : "unchanged"}`);
  }
  if (report.removedCases > 0) console.log(`${report.removedCases} cases no longer in content were retired (earlier campaigns keep their runs)`);
  for (const suite of report.keptUploads) {
    console.log(
      `${suite.key} (${suite.use}): uploaded in the app since its file was synced, and its file differs: left as uploaded (upload the file to apply it)`,
    );
  }
  for (const suite of report.retiredSuites) {
    console.log(`${suite.key} (${suite.use}): its file is gone from content/suites, retired with its ${suite.cases} cases (earlier campaigns keep their runs)`);
  }
} catch (error) {
  // A refusal quotes the files' names and text: their bidirectional controls are named, not applied.
  console.error(databaseProblemLine("suites", error) ?? withBidiControlsNamed(error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

// `riskledger serving-target check [NAME] [--model SLUG]`: asks each serving target's endpoint (or
// NAME's) what it serves, as a worker asks at every lease, and says what would pause a campaign on
// it or leave its evidence not counting for the model (lib/serving-targets/check-serving-target.ts).
// Run it where the workers run: it reads the API keys from this environment, as they do. Exits 1
// when any target has a problem.
import { defaultModelSlug } from "../lib/content/paths";
import { terminalText } from "../lib/domain/terminal-text";
import { exitOnDatabaseProblem, openDatabase } from "./database-problem";
import { parseCliArguments, refuseExtraArguments, refuseUnknownCommand } from "./parse-cli-arguments";

const USAGE = "usage: riskledger serving-target check [NAME] [--model SLUG]   (every target when NAME is left out)";

const { positionals, values } = parseCliArguments("serving-target", USAGE, {
  allowPositionals: true,
  options: { model: { type: "string", default: defaultModelSlug } },
});
if (positionals[0] !== "check") refuseUnknownCommand("serving-target", USAGE, positionals[0]);
refuseExtraArguments("serving-target", USAGE, positionals.slice(2));

const db = await openDatabase("serving-target");
const { checkServingTarget } = await import("../lib/serving-targets/check-serving-target");
try {
  const names =
    positionals[1] !== undefined
      ? [positionals[1]]
      : (await db.servingTarget.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((t) => t.name);
  if (names.length === 0) console.log("no serving target yet: an admin adds them on the serving targets page");
  let problems = 0;
  // Asked together: an endpoint that never answers holds its own line for up to 30 s, not every line after it.
  const checks = await Promise.all(names.map((name) => checkServingTarget(db, name, values.model!)));
  for (const check of checks) {
    console.log(terminalText(check.target));
    for (const finding of check.findings) console.log(terminalText(`  ${finding.problem ? "problem: " : ""}${finding.text}`));
    problems += check.findings.filter((finding) => finding.problem).length;
  }
  if (problems > 0) {
    console.error(`serving-target: ${problems} problem${problems === 1 ? "" : "s"} found`);
    process.exitCode = 1;
  }
} catch (error) {
  await exitOnDatabaseProblem("serving-target", error);
} finally {
  await db.$disconnect();
}

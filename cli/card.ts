// `riskledger card import [--apply] [--file PATH] [--model SLUG]`
import { parseArgs } from "node:util";
import { describeDifference } from "../lib/card/diff-cards";
import { importCardFile } from "../lib/card/import-card-file";
import { defaultModelSlug } from "../lib/content/paths";
import { getDb } from "../lib/db/client";
import { cliActor } from "./cli-actor";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    apply: { type: "boolean", default: false },
    file: { type: "string" },
    model: { type: "string", default: defaultModelSlug },
  },
});

const [command] = positionals;
if (command !== "import") {
  console.error("usage: riskledger card import [--apply] [--file PATH] [--model SLUG]");
  process.exit(2);
}

const db = getDb();
try {
  const report = await importCardFile(db, cliActor(), values.model!, { apply: values.apply, file: values.file });
  for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  const { risks, uses, cells, mitigations } = report.counts;
  console.log(`${report.slug}: ${report.outcome} (${risks} risks, ${uses} uses, ${cells} cells, ${mitigations} mitigations)`);
  if (report.outcome === "differences-reported") {
    console.log("The source differs from what reviewers have stored; nothing was written. Differences:");
    for (const difference of report.differences) console.log(`  ${describeDifference(difference)}`);
    console.log("Run again with --apply to overwrite the stored values with the source.");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

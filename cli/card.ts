// `riskledger card import [--apply [--expect DIGEST]] [--file PATH] [--model SLUG] [--as EMAIL]`
// `riskledger card export [--format md|json|cdx|eval] [--out FILE] [--model SLUG]`
// `riskledger card release list|publish [--justification TEXT] [--model SLUG] [--as EMAIL]`
// An import that writes judgements and a publication act as the person --as names (cli-actor.ts).
// The command line is checked before the commands' modules load (the database client, zod, the
// card's parser and renderers): a refusal or --help is answered in a fraction of the time they take.
// Each command imports what it uses.
import { writeFileSync } from "node:fs";
import { defaultModelSlug } from "../lib/content/paths";
import { fileWriteProblem } from "../lib/content/file-problem";
import { terminalText } from "../lib/domain/terminal-text";
import type { Db } from "../lib/db/types";
import { CARD_FORMATS, type CardFormat } from "../lib/releases/card-formats";
import { databaseProblemLine, openDatabase } from "./database-problem";
import { parseCliArguments, refuseExtraArguments, refuseUnknownCommand, USAGE_EXIT_CODE } from "./parse-cli-arguments";

const USAGE = `usage: riskledger card import [--apply [--expect DIGEST]] [--file PATH] [--model SLUG] [--as EMAIL]
       riskledger card export [--format ${CARD_FORMATS.join("|")}] [--out FILE] [--model SLUG]
       riskledger card release list|publish [--justification TEXT] [--model SLUG] [--as EMAIL]
  --as EMAIL         the person an import that writes judgements (--apply, or a new model) or a publication is made by
  --expect DIGEST    apply only if the stored card is as the preview that printed DIGEST found it`;

const { positionals, values } = parseCliArguments("card", USAGE, {
  allowPositionals: true,
  options: {
    apply: { type: "boolean", default: false },
    expect: { type: "string" },
    file: { type: "string" },
    model: { type: "string", default: defaultModelSlug },
    format: { type: "string", default: "md" },
    out: { type: "string" },
    justification: { type: "string" },
    as: { type: "string" },
  },
});

const [command, subcommand] = positionals;
const commands: Record<string, (db: Db) => Promise<void>> = { import: importCommand, export: exportCommand, release: releaseCommand };
if (!Object.hasOwn(commands, command) || (command === "release" && subcommand !== "list" && subcommand !== "publish")) {
  refuseUnknownCommand("card", USAGE, [command, subcommand].filter((word) => word !== undefined).join(" ") || undefined);
}
refuseExtraArguments("card", USAGE, positionals.slice(command === "release" ? 2 : 1));
if (command === "export" && !CARD_FORMATS.includes(values.format as CardFormat)) {
  console.error(`card: --format must be one of ${CARD_FORMATS.join(", ")}, not "${values.format}"\n${USAGE}`);
  process.exit(USAGE_EXIT_CODE);
}

const db = await openDatabase("card");
try {
  await commands[command](db);
} catch (error) {
  // A refused card's message may quote its text: each control character in it is named, not applied to the line.
  console.error(databaseProblemLine("card", error) ?? terminalText(error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

async function importCommand(db: Db) {
  const { importCardFile } = await import("../lib/card/import-card-file");
  const { describeApprovalsInReview } = await import("../lib/card/card-approvals");
  const { describeDifference } = await import("../lib/card/diff-cards");
  const { cliActor, judgingCliActor } = await import("./cli-actor");
  if (values.expect !== undefined && !values.apply) {
    console.error(`card: --expect goes with --apply\n${USAGE}`);
    process.exit(USAGE_EXIT_CODE);
  }
  // Without --apply an import of a stored model writes no judgement, so it needs no one named.
  const writesJudgements = values.apply || !(await db.model.findUnique({ where: { slug: values.model! }, select: { id: true } }));
  const actor = writesJudgements || values.as !== undefined ? await judgingCliActor(db, values.as, "an import that writes judgements") : cliActor();
  const report = await importCardFile(db, actor, values.model!, { apply: values.apply, expect: values.expect, file: values.file });
  if (!report.ok) throw new Error(report.message);
  // A warning or a difference quotes the card's text: each control character in it is named, not applied to the line.
  for (const warning of report.warnings) console.warn(`warning: ${terminalText(warning)}`);
  const { risks, uses, cells, mitigations } = report.counts;
  console.log(`${report.slug}: ${report.outcome} (${risks} risks, ${uses} uses, ${cells} cells, ${mitigations} mitigations)`);
  if (report.outcome === "differences-reported") {
    console.log("The source differs from what reviewers have stored; nothing was written. Differences:");
    for (const difference of report.differences) console.log(`  ${terminalText(describeDifference(difference))}`);
    console.log(
      `Run again with --apply --expect ${report.digest} to overwrite the stored values with the source; it refuses if the stored card has changed since this preview.`,
    );
  }
  // Without --apply a differing card writes nothing: each line says what applying it would do.
  const written = report.outcome !== "differences-reported";
  const done = (past: string) => (written ? past : `Would be ${past.toLowerCase()}`);
  if (report.approvalsInReview.length > 0) console.log(describeApprovalsInReview(report.approvalsInReview, written));
  if (report.reopened.length > 0)
    console.log(`${done("Reopened")} for review (approved here, the card changes their judgement): ${report.reopened.join(", ")}`);
  if (report.retired.length > 0) console.log(`${done("Retired")} (not in the source; their cells and evidence kept): ${report.retired.join(", ")}`);
  if (report.restored.length > 0)
    console.log(`${done("Restored")} (retired, listed in the source again; their cells and evidence with them): ${report.restored.join(", ")}`);
}

/** The card on stdout (for pipes in CI) or in --out; the notice goes to stderr so it never mixes in. */
async function exportCommand(db: Db) {
  const { liveCardFile } = await import("../lib/releases/card-export");
  const file = await liveCardFile(db, values.model!, values.format as CardFormat);
  if (!file) throw new Error(`no model ${values.model}`);
  if (!values.out) {
    process.stdout.write(file.body);
    return;
  }
  try {
    writeFileSync(values.out, file.body);
  } catch (error) {
    throw new Error(`card: --out ${values.out}: ${fileWriteProblem(values.out, error)}`);
  }
  console.error(`${values.model}: wrote ${values.out} (${Buffer.byteLength(file.body)} bytes)`);
}

async function releaseCommand(db: Db) {
  await (subcommand === "list" ? listReleasesCommand : publishReleaseCommand)(db, values.model!);
}

async function listReleasesCommand(db: Db, slug: string) {
  const { listReleases } = await import("../lib/releases/load-releases");
  const releases = await listReleases(db, slug);
  if (!releases) throw new Error(`no model ${slug}`);
  if (!releases.length) console.log(`${slug}: no releases yet`);
  for (const release of releases) {
    const gaps = release.acceptedGaps?.length ?? 0;
    const accepted = gaps ? `, ${gaps} gap${gaps === 1 ? "" : "s"} accepted` : "";
    console.log(`v${release.version}  ${release.publishedAt.toISOString()}  ${terminalText(release.publishedBy)}  sha256 ${release.sha256}${accepted}`);
  }
}

async function publishReleaseCommand(db: Db, slug: string) {
  const { publishRelease } = await import("../lib/releases/publish-release");
  const { describeGap, describeGapWithNames } = await import("../lib/releases/describe-gap");
  const { loadReleaseGaps } = await import("../lib/releases/release-gaps");
  const { judgingCliActor } = await import("./cli-actor");
  // With --justification the operator accepts the gaps listed here, as they stand now.
  const gaps = (await loadReleaseGaps(db, slug)) ?? [];
  const acceptance = values.justification === undefined ? undefined : { justification: values.justification, gaps: gaps.map(describeGap) };
  const result = await publishRelease(db, await judgingCliActor(db, values.as, "publishing a release"), { slug, acceptance });
  if (result.ok) {
    console.log(`${slug}: published v${result.release.version} (sha256 ${result.release.sha256})`);
    for (const gap of result.release.acceptedGaps ?? []) console.log(`  accepted: ${terminalText(describeGapWithNames(gap))}`);
    return;
  }
  console.error(`${slug}: not published: ${terminalText(result.message)}`);
  if (result.kind === "gaps") {
    for (const gap of result.gaps) console.error(`  ${terminalText(describeGapWithNames(gap))}`);
    console.error("Run again with --justification TEXT to accept these gaps.");
  }
  process.exitCode = 1;
}

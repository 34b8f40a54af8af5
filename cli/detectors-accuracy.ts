// npm run detectors:accuracy — prints each detector's precision and recall on the labelled set,
// on its tuning split and on its holdout split, the documented shortfalls and limitations, and
// with --verbose every output it got wrong; then every detector and model judge measured on the
// human labels in the database (DATABASE_URL: the labelling queue and confirmed overrides, with the
// holdout for the pure detectors), with intervals. Any below 0.9 precision or recall (a detector on
// the blind holdout, a judge on its labels: lib/detectors/needs-review.ts) is marked "needs review",
// as on every page that shows its verdicts. Exits 0 either way: a shortfall is reported, not hidden.
// The command line is checked before the detectors and the database client load: a refusal or
// --help is answered in a fraction of the time they take.
import { databaseUrl } from "../lib/db/url";
import { databaseProblemLine } from "./database-problem";
import { parseCliArguments } from "./parse-cli-arguments";

const USAGE = "usage: riskledger detectors [--verbose] [--json]   (npm run detectors:accuracy -- [--verbose] [--json])";
const { values } = parseCliArguments("detectors", USAGE, {
  options: { verbose: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
});
const { verbose, json } = values;

const { detectorAccuracy, KNOWN_LIMITATIONS, KNOWN_SHORTFALLS } = await import("../lib/detectors/accuracy");
const { ACCURACY_TARGET } = await import("../lib/detectors/needs-review");
const { closeDb, getDb } = await import("../lib/db/client");
const { wilsonInterval } = await import("../lib/evidence/wilson");
const { loadDetectorMeasures } = await import("../lib/labelling/load-detector-measures");

const splits = ["all", "tuning", "holdout"] as const;
const TITLES = {
  all: "All labelled outputs",
  tuning: "Tuning split only (read while the detectors were written)",
  holdout: "Holdout only (written after the detectors, never tuned on)",
};
/** Every detector and judge on the database's human labels; null when the database cannot be read (never migrated, say). */
async function measuredOnLabels() {
  try {
    return (await loadDetectorMeasures(getDb())).rows;
  } catch (error) {
    // Prisma's message begins with a blank line: a database it cannot use is named in the commands' one line.
    const problem = databaseProblemLine("detectors:accuracy: no figures from human labels", error);
    process.stderr.write(
      `${problem ?? `detectors:accuracy: no figures from human labels in ${databaseUrl()}: ${error instanceof Error ? error.message.trim().split("\n")[0] : String(error)}`}\n`,
    );
    return null;
  } finally {
    await closeDb();
  }
}
const labelled = await measuredOnLabels();

if (json) {
  const files = Object.fromEntries(await Promise.all(splits.map(async (s) => [s, await detectorAccuracy(s)] as const)));
  console.log(JSON.stringify({ ...files, humanLabels: labelled }, null, 2));
}
for (const split of json ? [] : splits) {
  const results = await detectorAccuracy(split);
  if (results.every((r) => r.n === 0)) {
    console.log(`\n${TITLES[split]}: none in the labelled set, so no figures for it.`);
    continue;
  }
  // The labelled set is small, so each figure comes with its Wilson 95% interval.
  const fmt = (hits: number, total: number) => {
    if (total === 0) return "n/a";
    const { lower, upper } = wilsonInterval(hits, total);
    return `${(hits / total).toFixed(3)} [${lower.toFixed(2)}-${upper.toFixed(2)}]`;
  };
  const rows = results.map((r) => [
    r.detector,
    String(r.n),
    String(r.truePositives),
    String(r.falsePositives),
    String(r.falseNegatives),
    fmt(r.truePositives, r.truePositives + r.falsePositives),
    fmt(r.truePositives, r.truePositives + r.falseNegatives),
    fmt(Math.round(r.agreement * r.n), r.n),
    r.meetsTarget ? "yes" : "NO: needs review",
  ]);
  const header = ["detector", "n", "TP", "FP", "FN", "precision", "recall", "agreement", `>= ${ACCURACY_TARGET}`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${TITLES[split]}; positive = a 'fail' verdict.`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  if (split === "holdout") {
    for (const r of results) {
      const reason = KNOWN_SHORTFALLS[r.detector.split("@")[0] as keyof typeof KNOWN_SHORTFALLS];
      if (!r.meetsTarget && reason) console.log(`  known shortfall, ${r.detector}: ${reason}`);
    }
  }
  for (const r of results) {
    if (!verbose || split === "tuning") continue;
    for (const d of r.disagreements) {
      console.log(`  ${r.detector} ${d.id}: labelled ${d.expected}, got ${d.actual} — ${d.evidence}${d.note ? ` [${d.note}]` : ""}`);
    }
  }
}
if (!json && labelled) {
  const fmt = (hits: number, total: number) => {
    if (total === 0) return "n/a";
    const { lower, upper } = wilsonInterval(hits, total);
    return `${(hits / total).toFixed(3)} [${lower.toFixed(2)}-${upper.toFixed(2)}]`;
  };
  const rows = labelled.map((row) => {
    const reported = row.truePositives + row.negatives - row.trueNegatives;
    return [
      row.detector,
      String(row.positives + row.negatives),
      `${row.fromLabelledOutputs}/${row.fromOverrides}/${row.fromLabellingQueue}`,
      fmt(row.truePositives, reported),
      fmt(row.truePositives, row.positives),
      fmt(row.trueNegatives, row.negatives),
      row.needsReview ? "needs review" : "ok",
      row.counting ? (row.counting.counts ? "may count" : "advisory only") : "",
    ];
  });
  const header = [
    "detector or judge",
    "labels",
    "holdout/overrides/queue",
    "precision",
    "recall (sensitivity)",
    "specificity",
    `>= ${ACCURACY_TARGET}`,
    "judge",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(
    `\nOn human labels in ${databaseUrl()} (blind holdout for the detectors, plus confirmed overrides and the labelling queue); positive = a 'fail' verdict.`,
  );
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  if (rows.length === 0) console.log("  (no labels yet)");
  const flagged = labelled.filter((row) => row.needsReview);
  if (flagged.length > 0) {
    console.log("\nNeeds review (so marked beside their verdicts on the campaign and run pages, each cell's evidence, the card and the detectors page):");
    for (const row of flagged) console.log(`  ${row.detector}: ${row.needsReview}`);
  }
}
if (!json) {
  console.log("\nKnown limitations:");
  for (const [name, limitation] of Object.entries(KNOWN_LIMITATIONS)) console.log(`  ${name}: ${limitation}`);
}

// npm run detectors:accuracy — prints each detector's precision and recall on the labelled set,
// and with --verbose every output it got wrong. Exits 0 either way: a shortfall is reported,
// not hidden, and is documented where the detector is shown.
import { ACCURACY_TARGET, detectorAccuracy } from "../lib/detectors/accuracy";

const verbose = process.argv.includes("--verbose");
const json = process.argv.includes("--json");

const results = await detectorAccuracy();
if (json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const fmt = (value: number | null) => (value === null ? "  n/a" : value.toFixed(3));
  const rows = results.map((r) => [
    r.detector,
    String(r.n),
    String(r.truePositives),
    String(r.falsePositives),
    String(r.falseNegatives),
    fmt(r.precision),
    fmt(r.recall),
    fmt(r.agreement),
    r.meetsTarget ? "yes" : "NO",
  ]);
  const header = ["detector", "n", "TP", "FP", "FN", "precision", "recall", "agreement", `>= ${ACCURACY_TARGET}`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log("Positive class = a 'fail' verdict (the finding a campaign counts).");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  for (const r of results) {
    if (!verbose && r.meetsTarget) continue;
    for (const d of r.disagreements) {
      console.log(`  ${r.detector} ${d.id}: labelled ${d.expected}, got ${d.actual} — ${d.evidence}${d.note ? ` [${d.note}]` : ""}`);
    }
  }
}

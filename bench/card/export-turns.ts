// How long the server's one thread is held at once while it writes a large card's markdown, and
// while it diffs two releases of that card: the longest gap between two turns of the event loop,
// which every other request waits through. The card is the Stable Beluga 2 card's risks and uses
// repeated to 500 x 100, with campaign evidence on each of its 50,000 cells (the model-index, the
// evidence tables), as a release of it is written. The second release rates every cell's likelihood
// 3 where the first rated it 2: 50,000 matrix changes and 500 changed lines of markdown. With
// --documented-every N, one cell in N also has a document as evidence in both releases.
//
//   cd bench && npm run card:export-turns -- [--reps 3] [--before ../other-checkout] [--documented-every 10]
//
// Each measurement runs in a process of its own. With --before, a checkout of another commit does
// the same work in turn with this one (A B B A ...), so the two are compared under the same load.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = path.dirname(fileURLToPath(import.meta.url));
const thisCheckout = path.resolve(here, "../..");

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    before: { type: "string" },
    "documented-every": { type: "string", default: "0" },
    "measure-in": { type: "string" },
  },
});

interface Timed {
  totalMs: number;
  longestHoldMs: number;
}

interface Measurement {
  render: Timed;
  diff: Timed;
  bytes: number;
}

/** `work` timed, with the longest the event loop waited for a turn while it ran. */
async function watched<T>(work: () => Promise<T>): Promise<{ result: T; timed: Timed }> {
  let last = performance.now();
  let longest = 0;
  let watching = true;
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (watching) setImmediate(turn);
  };
  setImmediate(turn);
  const started = performance.now();
  const result = await work();
  // Work that never gave a turn is seen by the first turn after it.
  await new Promise((resolve) => setImmediate(resolve));
  watching = false;
  return { result, timed: { totalMs: performance.now() - started, longestHoldMs: longest } };
}

/** The large card rendered, and two releases of it diffed, with the lib/ of `checkout`: run in a child process. */
async function measureIn(checkout: string): Promise<Measurement> {
  const lib = (file: string) => import(path.join(checkout, "lib", file));
  const { parseCardMarkdown } = await lib("card/parse-markdown.ts");
  const { renderCardMarkdown } = await lib("card/render-markdown.ts");
  const { snapshotJson } = await lib("releases/release-snapshot.ts");
  const { diffReleases } = await lib("releases/diff-releases.ts");
  const seed = parseCardMarkdown(readFileSync(path.join(checkout, "content/models/stable-beluga-2/card.md"), "utf8"), "stable-beluga-2").card;
  const risks = Array.from({ length: 500 }, (_, i) => ({ ...seed.risks[i % seed.risks.length], code: `R${i + 1}` }));
  const uses = Array.from({ length: 100 }, (_, i) => ({ ...seed.uses[i % seed.uses.length], code: `U${i + 1}` }));
  const measured = {
    n: 300,
    failures: 2,
    wilson: { lower: 0.0018, upper: 0.024 },
    threshold: 0.05,
    verdict: "PASS",
    campaign: "campaign-7",
    modelRevision: "a1b2c3d",
    date: "2026-11-20",
    stale: false,
    smokeTest: true,
    backend: "local",
    servedModel: null,
    importedFrom: null,
    suite: { key: "u4-medical", title: "U4 medical", hash: "ab12" },
    needsReview: [],
  };
  const audit = { kind: "DOCUMENT", title: "Third-party audit", url: null, body: "", date: "2026-12-01T00:00:00.000Z" };
  const [before, after] = [2, 3].map((likelihood) => {
    const cells = risks.flatMap((risk) =>
      uses.map((use) => ({
        risk: risk.code,
        use: use.code,
        applies: "YES",
        likelihood,
        severity: 3,
        subjectAtRisk: null,
        rationale: "Measured.",
        reviewStatus: "IN_REVIEW",
        mitigationStatus: {},
      })),
    );
    const every = Number(values["documented-every"]);
    const documented = every > 0 ? cells.filter((_, i) => i % every === 0).map((cell) => ({ ...audit, risk: cell.risk, use: cell.use })) : undefined;
    const evidence = {
      smokeTestModel: true,
      cells: cells.map((cell) => ({ ...measured, risk: cell.risk, use: cell.use })),
      detectors: [],
      ...(documented ? { documented } : {}),
    };
    return { card: { ...seed, risks, uses, cells }, evidence };
  });

  const rendered = await watched<string>(() => renderCardMarkdown(before.card, before.evidence));
  // The second release's markdown differs in the summary table's marks alone: rendering it again would double the bench's time.
  const releases = [
    { version: 1, markdown: rendered.result, json: await snapshotJson(before), acceptedGaps: null, justification: null },
    { version: 2, markdown: rendered.result.replaceAll("L2×S3", "L3×S3"), json: await snapshotJson(after), acceptedGaps: null, justification: null },
  ];
  // The commit before diffed synchronously: awaiting its answer is the same call.
  const diffed = await watched(async () => await diffReleases(releases[0], releases[1]));
  return { render: rendered.timed, diff: diffed.timed, bytes: rendered.result.length };
}

if (values["measure-in"]) {
  process.stdout.write(JSON.stringify(await measureIn(values["measure-in"])));
  process.exit(0);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const checkouts = values.before ? [path.resolve(values.before), thisCheckout] : [thisCheckout];
const label = (checkout: string) => (checkout === thisCheckout ? "this checkout" : `before (${values.before})`);
const results = new Map(checkouts.map((checkout) => [checkout, [] as Measurement[]]));
const loadAtStart = loadavg()[0];
for (let rep = 0; rep < Number(values.reps); rep++) {
  const order = rep % 2 === 0 ? checkouts : [...checkouts].reverse();
  for (const checkout of order) {
    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--measure-in", checkout, "--documented-every", values["documented-every"]!],
      { maxBuffer: 1 << 20 },
    );
    const measurement: Measurement = JSON.parse(output.toString());
    results.get(checkout)!.push(measurement);
    console.log(
      `${label(checkout)}: render ${seconds(measurement.render.totalMs)}, longest hold ${measurement.render.longestHoldMs.toFixed(0)} ms, ` +
        `${measurement.bytes} characters; diff ${seconds(measurement.diff.totalMs)}, longest hold ${measurement.diff.longestHoldMs.toFixed(0)} ms`,
    );
  }
}
const documentedEvery = Number(values["documented-every"]);
console.log(
  `\n${documentedEvery > 0 ? `a document on one cell in ${documentedEvery}; ` : ""}load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
);
for (const [checkout, measurements] of results) {
  for (const what of ["render", "diff"] as const) {
    const timed = measurements.map((measurement) => measurement[what]);
    const holds = timed.map((t) => t.longestHoldMs.toFixed(0)).join(", ");
    console.log(
      `${label(checkout)}, ${what}: median ${seconds(median(timed.map((t) => t.totalMs)))}, longest hold median ${median(timed.map((t) => t.longestHoldMs)).toFixed(0)} ms (${holds})`,
    );
  }
}

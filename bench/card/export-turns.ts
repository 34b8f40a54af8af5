// How long the server's one thread is held at once while it writes a large card's markdown: the
// longest gap between two turns of the event loop, which every other request waits through. The
// card is the Stable Beluga 2 card's risks and uses repeated to 500 x 100, with campaign evidence on
// each of its 50,000 cells (the model-index, the evidence tables), as a release of it is written.
//
//   cd bench && npm run card:export-turns -- [--reps 3] [--before ../other-checkout]
//
// Each rendering runs in a process of its own. With --before, a checkout of another commit renders
// the same card in turn with this one (A B B A ...), so the two are compared under the same load.
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
    "render-in": { type: "string" },
  },
});

interface Rendering {
  totalMs: number;
  longestHoldMs: number;
  bytes: number;
}

/** Renders the large card with the lib/ of `checkout`, watching the event loop: run in a child process. */
async function renderIn(checkout: string): Promise<Rendering> {
  const lib = (file: string) => import(path.join(checkout, "lib", file));
  const { parseCardMarkdown } = await lib("card/parse-markdown.ts");
  const { renderCardMarkdown } = await lib("card/render-markdown.ts");
  const seed = parseCardMarkdown(readFileSync(path.join(checkout, "content/models/stable-beluga-2/card.md"), "utf8"), "stable-beluga-2").card;
  const risks = Array.from({ length: 500 }, (_, i) => ({ ...seed.risks[i % seed.risks.length], code: `R${i + 1}` }));
  const uses = Array.from({ length: 100 }, (_, i) => ({ ...seed.uses[i % seed.uses.length], code: `U${i + 1}` }));
  const cells = risks.flatMap((risk) =>
    uses.map((use) => ({
      risk: risk.code,
      use: use.code,
      applies: "YES",
      likelihood: 2,
      severity: 3,
      subjectAtRisk: null,
      rationale: "Measured.",
      reviewStatus: "IN_REVIEW",
      mitigationStatus: {},
    })),
  );
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
    suite: { key: "u4-medical", hash: "ab12" },
    needsReview: [],
  };
  const evidence = { smokeTestModel: true, cells: cells.map((cell) => ({ ...measured, risk: cell.risk, use: cell.use })), detectors: [] };

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
  const markdown: string = await renderCardMarkdown({ ...seed, risks, uses, cells }, evidence);
  watching = false;
  return { totalMs: performance.now() - started, longestHoldMs: longest, bytes: markdown.length };
}

if (values["render-in"]) {
  process.stdout.write(JSON.stringify(await renderIn(values["render-in"])));
  process.exit(0);
}

const checkouts = values.before ? [path.resolve(values.before), thisCheckout] : [thisCheckout];
const label = (checkout: string) => (checkout === thisCheckout ? "this checkout" : `before (${values.before})`);
const results = new Map(checkouts.map((checkout) => [checkout, [] as Rendering[]]));
const loadAtStart = loadavg()[0];
for (let rep = 0; rep < Number(values.reps); rep++) {
  const order = rep % 2 === 0 ? checkouts : [...checkouts].reverse();
  for (const checkout of order) {
    const output = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--render-in", checkout], { maxBuffer: 1 << 20 });
    const rendering: Rendering = JSON.parse(output.toString());
    results.get(checkout)!.push(rendering);
    console.log(
      `${label(checkout)}: ${(rendering.totalMs / 1000).toFixed(1)} s, longest hold ${rendering.longestHoldMs.toFixed(0)} ms, ${rendering.bytes} characters`,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\nload average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
for (const [checkout, renderings] of results) {
  console.log(
    `${label(checkout)}: median ${(median(renderings.map((r) => r.totalMs)) / 1000).toFixed(1)} s, longest hold median ${median(renderings.map((r) => r.longestHoldMs)).toFixed(0)} ms (${renderings.map((r) => r.longestHoldMs.toFixed(0)).join(", ")})`,
  );
}

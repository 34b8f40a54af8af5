// The sampler against the plain full sort of the vocabulary it must agree with, token for token.
//
//   cd bench && npx tsx engine/sampler.ts [--steps 2000] [--also FILE] [--generate]
//
// Both pick from the same 32000-wide rows of logits (Gaussian, sd 3, as the tiny model's are),
// interleaved in blocks A B, B A, ... so the machine's drift hits both alike; prints a markdown
// table of ms per token and the ratio, and counts the tokens on which they differ (must be 0).
// --also FILE times another sampler module (say, an older engine/sampler.ts from git) in the same
// interleaving. --generate also times generate() of 32 tokens on models/tiny-beluga at
// temperature 0.8 with each sampler in turn.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { loadavg } from "node:os";
import { openLocalBackend } from "../../engine/local-backend";
import { Sampler, type SamplerSettings } from "../../engine/sampler";
import { writeTinyModel } from "../../engine/tiny-model";
import { fullSortSample } from "../../tests/support/full-sort-sampler";

const VOCAB = 32000;
const ROWS = 64;
const BLOCK = 50;
const HISTORY = Array.from({ length: 64 }, (_, i) => (i * 7919) % VOCAB);
const SETTINGS: Record<string, Omit<SamplerSettings, "seed">> = {
  "temperature 0.8, top-k 40": { temperature: 0.8, topK: 40, topP: 1, repetitionPenalty: 1 },
  "temperature 0.8, top-p 0.9": { temperature: 0.8, topK: 0, topP: 0.9, repetitionPenalty: 1 },
  "temperature 0.8, top-k 40, top-p 0.9": { temperature: 0.8, topK: 40, topP: 0.9, repetitionPenalty: 1 },
  "the same, repetition penalty 1.1 (64 ids seen)": { temperature: 0.8, topK: 40, topP: 0.9, repetitionPenalty: 1.1 },
};

type SampleMethod = (this: Sampler, logits: Float32Array, history: Iterable<number>) => number;

const fullSort: SampleMethod = function (logits, history) {
  return fullSortSample(logits, [...history], this.settings, this.settings.temperature > 0 ? this.random() : 0);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { steps: { type: "string", default: "2000" }, also: { type: "string" }, generate: { type: "boolean", default: false } },
  });
  const steps = Number(values.steps);
  const contenders: [string, SampleMethod][] = [
    ["full sort", fullSort],
    ["this sampler", Sampler.prototype.sample],
  ];
  if (values.also) {
    const other: { Sampler: typeof Sampler } = await import(resolve(values.also));
    contenders.push([values.also, other.Sampler.prototype.sample]);
  }
  const names = contenders.map(([name]) => name);
  const started = Date.now();

  const random = new Sampler({ ...SETTINGS["temperature 0.8, top-k 40"], seed: 1 });
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.random())) * Math.cos(2 * Math.PI * random.random());
  const rows = Array.from({ length: ROWS }, () => Float32Array.from({ length: VOCAB }, () => 3 * gaussian()));

  const lines = [
    `| settings | ${names.map((n) => `${n} ms/token`).join(" | ")} | full sort / this sampler | ${names
      .slice(2)
      .map((n) => `${n} / this sampler`)
      .join(" | ")}${names.length > 2 ? " | " : ""}tokens that differ |`,
  ];
  lines.push(
    `|---|${names.map(() => "---:").join("|")}|---:|${names
      .slice(2)
      .map(() => "---:|")
      .join("")}---:|`,
  );
  for (const [label, settings] of Object.entries(SETTINGS)) {
    const samplers = contenders.map(() => new Sampler({ ...settings, seed: 7 }));
    const ms = contenders.map(() => 0);
    let differ = 0;
    for (let block = 0; block * BLOCK < steps; block++) {
      const chosen: number[][] = contenders.map(() => []);
      const order = block % 2 === 0 ? contenders.map((_, i) => i) : contenders.map((_, i) => i).reverse();
      for (const c of order) {
        const sample = contenders[c][1];
        const t = performance.now();
        for (let s = block * BLOCK; s < Math.min(steps, (block + 1) * BLOCK); s++) chosen[c].push(sample.call(samplers[c], rows[s % ROWS], HISTORY));
        ms[c] += performance.now() - t;
      }
      for (let s = 0; s < chosen[0].length; s++) if (chosen.some((tokens) => tokens[s] !== chosen[0][s])) differ++;
    }
    const perToken = ms.map((m) => m / steps);
    lines.push(
      `| ${label} | ${perToken.map((m) => m.toFixed(3)).join(" | ")} | ${ratio(perToken[0], perToken[1])} | ${perToken
        .slice(2)
        .map((m) => `${ratio(m, perToken[1])} | `)
        .join("")}${differ} of ${steps} |`,
    );
    console.error(`${label}: done`);
  }

  if (values.generate) lines.push("", ...(await timeGenerate(contenders)));
  console.log(
    [
      `${steps} steps per row, vocabulary ${VOCAB}, ${((Date.now() - started) / 60000).toFixed(1)} min, load average ${loadavg()[0].toFixed(1)} at the end`,
      "",
      ...lines,
    ].join("\n"),
  );
}

/**
 * generate() builds its own Sampler per sequence, so each contender's method is put on the
 * class in turn: the same generate() call, only the sampling rule differs.
 */
async function timeGenerate(contenders: [string, SampleMethod][]): Promise<string[]> {
  // The model `npm start` serves; written here when it is missing, as `npm start` would.
  const dir = resolve(import.meta.dirname, "../../models/tiny-beluga");
  writeTinyModel(dir);
  const backend = await openLocalBackend(dir, { maxBatch: 1, maxSequenceLength: 256 });
  const ours = Sampler.prototype.sample;
  const rounds = 8;
  const ms = contenders.map(() => [] as number[]);
  const texts = new Set<string>();
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? contenders.map((_, i) => i) : contenders.map((_, i) => i).reverse();
      for (const c of order) {
        Sampler.prototype.sample = contenders[c][1];
        const sampling = { temperature: 0.8, topK: 0, topP: 0.9, repetitionPenalty: 1, seed: round, maxNewTokens: 32, stop: [] };
        for await (const result of backend.generate([{ id: "g", messages: [{ role: "user", content: "What is the capital of France?" }], sampling }])) {
          ms[c].push(result.latencyMs / result.completionTokens);
          texts.add(`${round}:${result.text}`);
        }
      }
    }
  } finally {
    Sampler.prototype.sample = ours;
    await backend.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return [
    `generate() of 32 tokens on tiny-beluga, temperature 0.8, top-p 0.9, ${rounds} rounds interleaved (median ms/token, prefill included); texts identical across samplers: ${texts.size === rounds ? "yes" : "no"}`,
    "",
    `| ${contenders.map(([name]) => name).join(" | ")} |`,
    `|${contenders.map(() => "---:").join("|")}|`,
    `| ${ms.map((m) => median(m).toFixed(2)).join(" | ")} |`,
  ];
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(1)}x`;
}

await main();

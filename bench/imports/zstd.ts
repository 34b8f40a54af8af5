// `npx tsx bench/imports/zstd.ts [--rounds 30] [--level 3]`: lib/imports/zstd.ts against fzstd on an
// .eval member of Inspect samples. The member is ~5.3 MB of JSON: the security-guide log's real
// samples (tests' fixtures) over and over, each of their texts rewritten as words drawn at random
// from the datasets' prompts, so the text does not repeat as the same samples would (that
// compresses a hundredfold; this about fourfold, as transcripts do); compressed by the zstd
// command-line tool at Inspect's level (3).
// Each round decodes with both, in alternating order, so a busy machine slows both alike; the
// table gives each one's median and the ratio, with the load average before and after.
import { execFileSync } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { decompress as fzstdDecompress } from "fzstd";
import { FIXTURES_DIR } from "../../tests/fixtures/external-results/raw-counts";
import { seededRandom } from "../../tests/fixtures/zstd/content";
import { listZipEntries, readZipEntry, zipFileSource } from "../../lib/imports/zip-entries";
import { zstdDecompress } from "../../lib/imports/zstd";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "30" }, level: { type: "string", default: "3" }, bytes: { type: "string", default: "5300000" } },
});

function realSamples(): unknown[] {
  const fd = openSync(`${FIXTURES_DIR}/inspect/2025-09-23T08-09-58-04-00_security-guide_LuxZJVwvymC3S3SyoJczxB.eval`, "r");
  try {
    const archive = zipFileSource(fd);
    return listZipEntries(archive, "security-guide.eval")
      .filter((entry) => entry.name.startsWith("samples/"))
      .map((entry) => JSON.parse(readZipEntry(archive, entry, "security-guide.eval").toString("utf8")));
  } finally {
    closeSync(fd);
  }
}

/** The words of the datasets' prompts, as often as they occur there. */
function datasetWords(): string[] {
  // The shared folder beside the repository, where the external-results fixtures are found.
  const dir = path.join(FIXTURES_DIR, "../../datasets/do-not-answer");
  return readdirSync(dir).flatMap((name) =>
    readFileSync(`${dir}/${name}`, "utf8")
      .trim()
      .split("\n")
      .flatMap((line) => (JSON.parse(line).prompt as string).split(/\s+/)),
  );
}

function memberText(bytes: number): Buffer {
  const samples = realSamples();
  const words = datasetWords();
  const random = seededRandom(5);
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") {
      if (value.length < 24) return value;
      let text = "";
      while (text.length < value.length) text += `${words[Math.floor(random() * words.length)]} `;
      return text.trimEnd();
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item)]));
    return value;
  };
  const out: unknown[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const sample = { ...(rewrite(samples[i % samples.length]) as object), id: i + 1 };
    out.push(sample);
    size += JSON.stringify(sample).length + 1;
  }
  return Buffer.from(JSON.stringify(out));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const text = memberText(Number(values.bytes));
const frame = execFileSync("zstd", [`-${values.level}`, "-c"], { input: text, maxBuffer: 1024 ** 3 });
const ours = () => zstdDecompress(frame, { maxSize: text.length, maxWindow: 8 * 1024 ** 2 });
const theirs = () => fzstdDecompress(frame);
if (!ours().equals(text) || !Buffer.from(theirs()).equals(text)) throw new Error("a decoder's output differs from the text");

const load = loadavg()[0];
const times: Record<"ours" | "fzstd", number[]> = { ours: [], fzstd: [] };
const time = (name: "ours" | "fzstd", decode: () => unknown) => {
  const start = process.hrtime.bigint();
  decode();
  times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
};
for (let round = 0; round < 5; round++) {
  ours();
  theirs();
}
for (let round = 0; round < Number(values.rounds); round++) {
  const order: ["ours" | "fzstd", () => unknown][] = [
    ["ours", ours],
    ["fzstd", theirs],
  ];
  for (const [name, decode] of round % 2 === 0 ? order : order.reverse()) time(name, decode);
}
const [oursMs, fzstdMs] = [median(times.ours), median(times.fzstd)];
console.log(`member: ${text.length} bytes of sample JSON, ${frame.length} as zstd -${values.level}; ${values.rounds} rounds, medians`);
console.log(`ours  ${oursMs.toFixed(1)} ms (${(text.length / 1e3 / oursMs).toFixed(0)} MB/s)`);
console.log(`fzstd ${fzstdMs.toFixed(1)} ms (${(text.length / 1e3 / fzstdMs).toFixed(0)} MB/s)`);
console.log(`ours / fzstd: ${(oursMs / fzstdMs).toFixed(2)}x; load average ${load.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);

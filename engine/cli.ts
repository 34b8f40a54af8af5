// engine <command>: one function per subcommand, picked by name; USAGE says what each takes.
// generate and serve read their flags before they load the runtime, onnxruntime and the server: a
// refusal or --help is answered in a fraction of the time those take.

import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { ChatMessage } from "./backend";
import { dropOutputAfterReaderCloses } from "./closed-stdout";
import { joinNegativeNumberValues } from "./negative-number-values";
import { repeatedFlagProblem } from "./repeated-flags";
import { footprint, openCheckpoint, parameterCount, parseSpan, readWeightIndex, spanParts } from "./checkpoint";
import { readConfig } from "./config";
import type { LocalBackendOptions } from "./local-backend";
import { describeRange, inRange, SAMPLING_LIMITS, type NumberRange } from "./sampling-limits";
import { readSafetensorsHeader } from "./safetensors";
import type { PromptContext } from "./server";
import { DEFAULT_TINY_MODEL_DIR, TINY_SHAPES, writeTinyModel, type TinyModelName } from "./tiny-model";

type Command = (args: string[]) => Promise<void>;

/** What each command takes: `engine <command> --help` prints it, and an option it does not take is refused with it. */
const USAGE: Record<string, string> = {
  tiny: "engine tiny [--out DIR] [--shape tiny-beluga|tinyllama-1.1b]",
  inspect: "engine inspect DIR [--blocks a:b]",
  generate:
    "engine generate DIR --prompt TEXT [--system TEXT] [--max-new-tokens N] [--temperature T] [--top-k K]\n" +
    "                [--top-p P] [--repetition-penalty R] [--seed S] [--stop TEXT]... [model flags]",
  serve:
    "engine serve DIR [--port N] [--host 127.0.0.1] [--max-batch N] [--model-id NAME] [model flags]\n" +
    "      (with --blocks a:b short of the whole model and no --next: the span alone, over span-server.ts's protocol)",
};
const MODEL_FLAGS =
  "model flags: [--int4] [--int4-block-size N] [--max-sequence-length N (default: the model's)]\n" +
  "             [--blocks a:b [--next URL]...: this span, then the span servers holding the rest] [--threads N]\n" +
  "             [--spin-within-run: threads spin between a step's operators; decode about 1.1x on a machine given over to the engine, 0.7x beside a busy process]";

function usageOf(name: string): string {
  return `usage: ${USAGE[name]}${name === "generate" || name === "serve" ? `\n${MODEL_FLAGS}` : ""}`;
}

/**
 * A command line the command cannot take (a flag's value out of its range, a flag or folder it needs
 * not given): exit 2 with the command's usage, as parseArgs' own refusals and riskledger's commands.
 * A failure of the work itself (a folder that is not there, a prompt too long for the model) exits 1.
 */
class UsageError extends Error {}

/** parseArgs, reading `--seed -1` as --seed's value rather than as a flag (negative-number-values.ts), and refusing a flag given twice (repeated-flags.ts). */
function readFlags<T extends ParseArgsConfig & { args: string[] }>(config: T) {
  const parsed = parseArgs({ ...config, args: joinNegativeNumberValues(config.args, config.options), tokens: true });
  const repeated = repeatedFlagProblem(parsed.tokens ?? [], config.options);
  if (repeated) throw new UsageError(repeated);
  return parsed;
}

const commands: Record<string, Command> = {
  async tiny(args) {
    const { values } = readFlags({ args, options: { out: { type: "string" }, shape: { type: "string", default: "tiny-beluga" } } });
    const shape = values.shape as TinyModelName;
    if (!(shape in TINY_SHAPES)) throw new UsageError(`--shape must be one of ${Object.keys(TINY_SHAPES).join(", ")}`);
    const dir = resolve(values.out ?? (shape === "tiny-beluga" ? DEFAULT_TINY_MODEL_DIR : `models/${shape}`));
    const wrote = writeTinyModel(dir, shape);
    console.log(wrote ? `wrote ${shape} to ${dir}` : `${dir} already holds a valid ${shape}`);
  },

  async inspect(args) {
    const { values, positionals } = readFlags({ args, allowPositionals: true, options: { blocks: { type: "string" } } });
    const dir = requireDir(positionals[0]);
    const config = readConfig(dir);
    const index = readWeightIndex(dir);
    const whole = { start: 0, end: config.numHiddenLayers };
    const parameters = parameterCount(config, whole);
    console.log(`checkpoint ${dir}`);
    console.log(
      `  llama: ${config.numHiddenLayers} blocks, hidden ${config.hiddenSize}, intermediate ${config.intermediateSize}, ` +
        `heads ${config.numAttentionHeads} (kv ${config.numKeyValueHeads}, head dim ${config.headDim}), vocab ${config.vocabSize}`,
    );
    console.log(
      `  rms eps ${config.rmsNormEps}, rope theta ${config.ropeTheta}, rope scaling ${JSON.stringify(config.ropeScaling)}, ` +
        `max positions ${config.maxPositionEmbeddings}, tied embeddings ${config.tieWordEmbeddings}, bos ${config.bosTokenId}, eos ${config.eosTokenIds.join(",")}, dtype ${config.torchDtype}`,
    );
    console.log(
      `  ${formatCount(parameters)} parameters${index.totalSize !== null ? `, ${formatBytes(index.totalSize)} of tensors per the index` : ""}` +
        `; ${formatBytes(parameters * 4)} in fp32, as the engine computes`,
    );
    const shards = [...new Set(index.weightMap.values())].sort();
    let present = 0;
    console.log(`  ${shards.length} shards:`);
    for (const shard of shards) {
      const path = join(dir, shard);
      if (!existsSync(path)) {
        console.log(`    ${shard}  missing`);
        continue;
      }
      present++;
      const header = readSafetensorsHeader(path);
      const dtypes = [...new Set([...header.tensors.values()].map((t) => t.dtype))].join(",");
      const blocks = [...new Set([...header.tensors.keys()].map((n) => /^model\.layers\.(\d+)\./.exec(n)?.[1]).filter(Boolean))];
      console.log(
        `    ${shard}  ${formatBytes(statSync(path).size)}  ${header.tensors.size} tensors ${dtypes}  ${blocks.length ? `blocks ${blocks.join(",")}` : "embeddings/norm/lm_head"}`,
      );
    }
    if (present < shards.length) console.log(`  ${shards.length - present} shard(s) missing from the folder`);
    const span = values.blocks ? parseSpan(values.blocks, config.numHiddenLayers) : whole;
    const parts = spanParts(config, span);
    const holds = [parts.embed && "embeddings", parts.head && "final norm and lm_head"].filter(Boolean).join(", ");
    const checkpoint = openCheckpoint(dir, { blocks: span });
    const needs = footprint(checkpoint);
    console.log(
      `  ${values.blocks ? `blocks ${span.start}:${span.end}` : "the whole model"}${holds ? ` (with ${holds})` : ""}: ${formatCount(needs.parameters)} parameters, ` +
        `${formatBytes(needs.tensorBytes)} of tensors, ${formatBytes(needs.parameters * 4)} in fp32; ` +
        `needs ${needs.shards.length} shard(s), ${formatBytes(needs.shardBytes)}${values.blocks ? `: ${needs.shards.join(", ")}` : ""}`,
    );
    console.log(`  revision ${checkpoint.revision}`);
  },

  async generate(args) {
    const { values, positionals } = readFlags({
      args,
      allowPositionals: true,
      options: {
        prompt: { type: "string" },
        system: { type: "string" },
        "max-new-tokens": { type: "string", default: "64" },
        temperature: { type: "string", default: "0" },
        "top-k": { type: "string", default: "0" },
        "top-p": { type: "string", default: "1" },
        "repetition-penalty": { type: "string", default: "1" },
        seed: { type: "string", default: "0" },
        stop: { type: "string", multiple: true, default: [] },
        int4: { type: "boolean", default: false },
        "int4-block-size": { type: "string" },
        "max-sequence-length": { type: "string" },
        blocks: { type: "string" },
        next: { type: "string", multiple: true, default: [] },
        threads: { type: "string" },
        "spin-within-run": { type: "boolean", default: false },
      },
    });
    const dir = requireDir(positionals[0]);
    if (values.prompt === undefined) throw new UsageError("generate needs --prompt");
    const sampling = {
      temperature: numberFlag("temperature", values.temperature, SAMPLING_LIMITS.temperature),
      topK: numberFlag("top-k", values["top-k"], SAMPLING_LIMITS.topK),
      topP: numberFlag("top-p", values["top-p"], SAMPLING_LIMITS.topP),
      repetitionPenalty: numberFlag("repetition-penalty", values["repetition-penalty"], SAMPLING_LIMITS.repetitionPenalty),
      seed: numberFlag("seed", values.seed, SAMPLING_LIMITS.seed),
      maxNewTokens: numberFlag("max-new-tokens", values["max-new-tokens"], SAMPLING_LIMITS.maxNewTokens),
      stop: values.stop,
    };
    const options = modelOptions(values);
    const { openLocalBackend } = await import("./local-backend");
    const backend = await openLocalBackend(dir, {
      ...options,
      maxBatch: 1,
      // On a terminal one line, rewritten; a pipe or a log file gets a line per step, with no terminal codes in it.
      onProgress: (message) => process.stderr.write(process.stderr.isTTY ? `\r${message}\x1b[K` : `${message}\n`),
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (backend.info.smokeTest) console.error(`[${backend.info.smokeTest}]`);
    const messages: ChatMessage[] = [];
    if (values.system !== undefined) messages.push({ role: "system", content: values.system });
    messages.push({ role: "user", content: values.prompt });
    // As the server refuses max_tokens past the context: asked for more than fits, the answer would be cut short unsaid.
    const promptTokens = backend.promptTokens({ messages }).length;
    const room = backend.info.maxSequenceLength - promptTokens;
    if (sampling.maxNewTokens > room) {
      await backend.close();
      throw new Error(
        `the prompt takes ${promptTokens} tokens and --max-new-tokens asks for ${sampling.maxNewTokens} more, over the maximum sequence length ` +
          `${backend.info.maxSequenceLength}: ${room > 0 ? `lower --max-new-tokens to ${room} at most` : "shorten the prompt"}`,
      );
    }
    for await (const result of backend.generate([{ id: "cli", messages, sampling }], { onToken: (_, text) => process.stdout.write(text) })) {
      process.stdout.write("\n");
      if (result.error) throw new Error(result.error);
      const decodeMs = result.latencyMs - (result.timeToFirstTokenMs ?? 0);
      const rate = result.completionTokens > 1 ? ((result.completionTokens - 1) / decodeMs) * 1000 : 0;
      console.error(
        `${result.promptTokens} prompt tokens, ${result.completionTokens} generated (${result.finishReason}); ` +
          `time to first token ${result.timeToFirstTokenMs?.toFixed(0)} ms, ${rate.toFixed(1)} tokens/s; revision ${backend.modelRevision}`,
      );
    }
    await backend.close();
  },

  async serve(args) {
    const { values, positionals } = readFlags({
      args,
      allowPositionals: true,
      options: {
        port: { type: "string", default: "8000" },
        host: { type: "string", default: "127.0.0.1" },
        int4: { type: "boolean", default: false },
        "int4-block-size": { type: "string" },
        "max-sequence-length": { type: "string" },
        blocks: { type: "string" },
        next: { type: "string", multiple: true, default: [] },
        threads: { type: "string" },
        "spin-within-run": { type: "boolean", default: false },
        "max-batch": { type: "string", default: "8" },
        "model-id": { type: "string" },
      },
    });
    const dir = requireDir(positionals[0]);
    const port = numberFlag("port", values.port, { integer: true, min: 0, max: 65535 });
    const maxBatch = numberFlag("max-batch", values["max-batch"], POSITIVE_INTEGER);
    const spanAlone = values.blocks && values.next.length === 0 && !coversModel(dir, values.blocks);
    const options = modelOptions(values);
    if (spanAlone) {
      // A span alone: hidden states over HTTP for the machine that runs the chain (span-server.ts).
      const { Runtime } = await import("./runtime");
      const { startSpanServer } = await import("./span-server");
      const runtime = await Runtime.load(dir, {
        ...options,
        maxBatch,
        onProgress: (m) => process.stderr.write(`${m}\n`),
      });
      const server = await startSpanServer(runtime, { host: values.host, port });
      console.log(
        `listening on ${server.url} (blocks ${runtime.span.start}:${runtime.span.end}, revision ${runtime.revision}, batch up to ${runtime.maxBatch})`,
      );
      await untilSignalled();
      await server.close();
      await runtime.close();
      return;
    }
    const { openLocalBackend } = await import("./local-backend");
    const { startServer } = await import("./server");
    const backend = await openLocalBackend(dir, {
      ...options,
      maxBatch,
      onProgress: (message) => process.stderr.write(`${message}\n`),
    });
    if (backend.info.smokeTest) console.error(`[${backend.info.smokeTest}]`);
    const modelId = values["model-id"] ?? basename(dir);
    const context: PromptContext = { length: backend.info.maxSequenceLength, promptTokens: (request) => backend.promptTokens(request).length };
    const server = await startServer({ backend, modelId, host: values.host, port, context, smokeTestModel: backend.info.smokeTest !== null });
    // One line on stdout, so a script that started the server (port 0 included) can find it.
    console.log(`listening on ${server.url} (model ${modelId}, revision ${backend.modelRevision}, batch up to ${backend.info.maxBatch})`);
    await untilSignalled();
    await server.close();
    await backend.close();
  },
};

/** The flags generate and serve share: how the model is loaded. */
function modelOptions(values: {
  int4: boolean;
  "int4-block-size"?: string;
  "max-sequence-length"?: string;
  blocks?: string;
  next: string[];
  threads?: string;
  "spin-within-run": boolean;
}): LocalBackendOptions {
  const count = (flag: string, value: string | undefined) => (value === undefined ? undefined : numberFlag(flag, value, POSITIVE_INTEGER));
  return {
    int4: values.int4,
    int4BlockSize: count("int4-block-size", values["int4-block-size"]),
    maxSequenceLength: count("max-sequence-length", values["max-sequence-length"]),
    blocks: values.blocks,
    next: values.next,
    threads: count("threads", values.threads),
    spinWithinRun: values["spin-within-run"],
  };
}

const POSITIVE_INTEGER: NumberRange = { integer: true, min: 1 };

/** A flag's number, refused unless written as a decimal number within `range` (Number() alone reads "" as 0 and "abc" as NaN). */
function numberFlag(flag: string, value: string, range: NumberRange): number {
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value) ? Number(value) : Number.NaN;
  if (!inRange(n, range)) throw new UsageError(`--${flag} must be ${describeRange(range)}, got ${JSON.stringify(value)}`);
  return n;
}

function untilSignalled(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

function coversModel(dir: string, blocks: string): boolean {
  const config = readConfig(dir);
  const { embed, head } = spanParts(config, parseSpan(blocks, config.numHiddenLayers));
  return embed && head;
}

function requireDir(dir: string | undefined): string {
  if (!dir) throw new UsageError("name the checkpoint folder");
  if (!existsSync(dir)) throw new Error(`${dir}: no such folder`);
  return resolve(dir);
}

/** Both units, labelled as they are: GB = 10^9 bytes (how checkpoints are announced), GiB = 2^30 (how memory is). */
function formatBytes(n: number): string {
  const [decimal, binary, unit] = n >= 1e9 ? [1e9, 2 ** 30, "G"] : n >= 1e6 ? [1e6, 2 ** 20, "M"] : [1e3, 2 ** 10, "k"];
  return `${(n / decimal).toFixed(2)} ${unit}B (${(n / binary).toFixed(2)} ${unit === "k" ? "K" : unit}iB)`;
}

function formatCount(n: number): string {
  return `${n.toLocaleString("en-US")} (${n >= 1e9 ? `${(n / 1e9).toFixed(2)} billion` : `${(n / 1e6).toFixed(2)} million`})`;
}

async function main(): Promise<void> {
  dropOutputAfterReaderCloses();
  const [name, ...args] = process.argv.slice(2);
  const everyUsage = Object.keys(commands).map(usageOf).join("\n");
  if (name === "--help" || name === "-h") {
    console.log(everyUsage);
    return;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`engine: ${name === undefined ? "name a command" : `no command ${JSON.stringify(name)}`}\n${everyUsage}`);
    process.exit(2);
  }
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usageOf(name));
    return;
  }
  try {
    await command(args);
  } catch (error) {
    // A command line parseArgs cannot read, or one it reads whose values the command cannot take, is a usage error (2).
    const malformed = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS_") === true;
    console.error(`engine ${name}: ${(error as Error).message}${malformed ? `\n${usageOf(name)}` : ""}`);
    process.exit(malformed ? 2 : 1);
  }
}

await main();

// engine <command>: one function per subcommand, picked by name.
//
//   tiny [--out DIR] [--shape tiny-beluga|tinyllama-1.1b]
//   inspect DIR [--blocks a:b]
//   generate DIR --prompt TEXT [--system TEXT] [--max-new-tokens N] [--temperature T] [--top-k K]
//                [--top-p P] [--repetition-penalty R] [--seed S] [--stop TEXT]... [model flags]
//   serve DIR [--port N] [--host 127.0.0.1] [--max-batch N] [--model-id NAME] [model flags]
// model flags: [--int4] [--int4-block-size N] [--max-sequence-length N (default: the model's)] [--threads N]

import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { ChatMessage } from "./backend";
import { expectedTensors, parseSpan, readWeightIndex, openCheckpoint } from "./checkpoint";
import { readConfig } from "./config";
import { openLocalBackend } from "./local-backend";
import type { RuntimeOptions } from "./runtime";
import { readSafetensorsHeader } from "./safetensors";
import { startServer } from "./server";
import { DEFAULT_TINY_MODEL_DIR, TINY_SHAPES, writeTinyModel, type TinyModelName } from "./tiny-model";

type Command = (args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async tiny(args) {
    const { values } = parseArgs({ args, options: { out: { type: "string" }, shape: { type: "string", default: "tiny-beluga" } } });
    const shape = values.shape as TinyModelName;
    if (!(shape in TINY_SHAPES)) throw new Error(`--shape must be one of ${Object.keys(TINY_SHAPES).join(", ")}`);
    const dir = resolve(values.out ?? (shape === "tiny-beluga" ? DEFAULT_TINY_MODEL_DIR : `models/${shape}`));
    const wrote = writeTinyModel(dir, shape);
    console.log(wrote ? `wrote ${shape} to ${dir}` : `${dir} already holds a valid ${shape}`);
  },

  async inspect(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { blocks: { type: "string" } } });
    const dir = requireDir(positionals[0]);
    const config = readConfig(dir);
    const index = readWeightIndex(dir);
    console.log(`checkpoint ${dir}`);
    console.log(
      `  llama: ${config.numHiddenLayers} blocks, hidden ${config.hiddenSize}, intermediate ${config.intermediateSize}, ` +
        `heads ${config.numAttentionHeads} (kv ${config.numKeyValueHeads}, head dim ${config.headDim}), vocab ${config.vocabSize}`,
    );
    console.log(
      `  rms eps ${config.rmsNormEps}, rope theta ${config.ropeTheta}, rope scaling ${JSON.stringify(config.ropeScaling)}, ` +
        `max positions ${config.maxPositionEmbeddings}, tied embeddings ${config.tieWordEmbeddings}, bos ${config.bosTokenId}, eos ${config.eosTokenIds.join(",")}, dtype ${config.torchDtype}`,
    );
    const shards = [...new Set(index.weightMap.values())].sort();
    let present = 0;
    console.log(`  ${shards.length} shards${index.totalSize !== null ? `, ${formatBytes(index.totalSize)} of tensors per the index` : ""}:`);
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
    const span = values.blocks ? parseSpan(values.blocks, config.numHiddenLayers) : { start: 0, end: config.numHiddenLayers };
    const withHead = !values.blocks;
    const needed = [...new Set(Object.keys(expectedTensors(config, span, withHead)).map((t) => index.weightMap.get(t)))].sort();
    console.log(`  ${values.blocks ? `span ${span.start}:${span.end}` : "whole model"} needs ${needed.length} shard(s): ${needed.join(", ")}`);
    if (present < shards.length) console.log(`  ${shards.length - present} shard(s) missing from the folder`);
    const checkpoint = openCheckpoint(dir, { blocks: span, withHead });
    console.log(`  revision ${checkpoint.revision}`);
  },

  async generate(args) {
    const { values, positionals } = parseArgs({
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
        threads: { type: "string" },
      },
    });
    const dir = requireDir(positionals[0]);
    if (values.prompt === undefined) throw new Error("generate needs --prompt");
    const backend = await openLocalBackend(dir, {
      ...modelOptions(values),
      maxBatch: 1,
      onProgress: (message) => process.stderr.write(`\r${message}\x1b[K`),
    });
    process.stderr.write("\n");
    if (backend.info.smokeTest) console.error(`[${backend.info.smokeTest}]`);
    const messages: ChatMessage[] = [];
    if (values.system !== undefined) messages.push({ role: "system", content: values.system });
    messages.push({ role: "user", content: values.prompt });
    const sampling = {
      temperature: Number(values.temperature),
      topK: Number(values["top-k"]),
      topP: Number(values["top-p"]),
      repetitionPenalty: Number(values["repetition-penalty"]),
      seed: Number(values.seed),
      maxNewTokens: Number(values["max-new-tokens"]),
      stop: values.stop,
    };
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
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: "string", default: "8000" },
        host: { type: "string", default: "127.0.0.1" },
        int4: { type: "boolean", default: false },
        "int4-block-size": { type: "string" },
        "max-sequence-length": { type: "string" },
        threads: { type: "string" },
        "max-batch": { type: "string", default: "8" },
        "model-id": { type: "string" },
      },
    });
    const dir = requireDir(positionals[0]);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
    const backend = await openLocalBackend(dir, {
      ...modelOptions(values),
      maxBatch: Number(values["max-batch"]),
      onProgress: (message) => process.stderr.write(`${message}\n`),
    });
    if (backend.info.smokeTest) console.error(`[${backend.info.smokeTest}]`);
    const modelId = values["model-id"] ?? basename(dir);
    const server = await startServer({ backend, modelId, host: values.host, port, maxTokensLimit: backend.info.maxSequenceLength });
    // One line on stdout, so a script that started the server (port 0 included) can find it.
    console.log(`listening on ${server.url} (model ${modelId}, revision ${backend.modelRevision}, batch up to ${backend.info.maxBatch})`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    await backend.close();
  },
};

/** The flags generate and serve share: how the model is loaded. */
function modelOptions(values: { int4: boolean; "int4-block-size"?: string; "max-sequence-length"?: string; threads?: string }): RuntimeOptions {
  const count = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive whole number, got ${JSON.stringify(value)}`);
    return n;
  };
  return {
    int4: values.int4,
    int4BlockSize: count("int4-block-size", values["int4-block-size"]),
    maxSequenceLength: count("max-sequence-length", values["max-sequence-length"]),
    threads: count("threads", values.threads),
  };
}

function requireDir(dir: string | undefined): string {
  if (!dir) throw new Error("name the checkpoint folder");
  if (!existsSync(dir)) throw new Error(`${dir}: no such folder`);
  return resolve(dir);
}

function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = commands[name];
  if (!command) {
    console.error(`usage: engine <${Object.keys(commands).join("|")}> ... (see engine/cli.ts)`);
    process.exit(2);
  }
  try {
    await command(args);
  } catch (error) {
    console.error(`engine ${name}: ${(error as Error).message}`);
    process.exit(1);
  }
}

await main();

// Weights in the form onnxruntime computes with (fp32, or 4-bit packed), written once as ONNX
// external data beside the checkpoint and keyed by its revision, so that later loads skip the
// conversion and onnxruntime reads the bytes itself: no JavaScript copy exists next to its own.
//
//   <checkpoint>/onnx-cache/<revision:16>-fp32/model.layers.3.bin
//   <checkpoint>/onnx-cache/<revision:16>-int4-block128/model.layers.3.bin
//
// One file per decoder block (and one for embeddings, final norm and lm_head), its tensors laid end
// to end at page boundaries. A file of the wrong size was cut short or made for another shape: it is
// written again. A checkpoint folder that cannot be written leaves the weights in memory.
//
// The revision hashes the shards' headers, not their 140 GB of weights, so weights replaced under
// the same header (a fine-tune of the same shape, a shard downloaded again) keep it: the folder also
// records the size and modification time of each shard it was made from (made-from.json), and one
// made from other files is emptied and made again.

import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, join } from "node:path";
import type { SafetensorsFile } from "./safetensors";

/** A tensor's bytes: in memory, or a byte range of a file in the cache folder. */
export type WeightData = Uint8Array | { file: string; offset: number; length: number };

export interface TensorSpec {
  name: string;
  bytes: number;
}

const MADE_FROM = "made-from.json";
const ALIGNMENT = 4096;
const aligned = (n: number) => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

export class WeightCache {
  private writable = true;

  constructor(readonly dir: string) {}

  /**
   * The cache beside a checkpoint, made from `shards` as they are now; null where there is none and
   * none can be made (a read-only folder), or where one made from other files cannot be emptied.
   */
  static open(checkpointDir: string, revision: string, form: string, shards: Iterable<SafetensorsFile>): WeightCache | null {
    const dir = join(/*turbopackIgnore: true*/ checkpointDir, "onnx-cache", `${revision.slice(0, 16)}-${form}`);
    const madeFrom = JSON.stringify([...shards].map((shard) => [basename(shard.path), shard.fileSize, shard.modifiedMs]));
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      if (readMadeFrom(dir) !== madeFrom) {
        // Files being written by a process loading now (*.tmp) are its own to rename or remove.
        for (const name of readdirSync(/*turbopackIgnore: true*/ dir)) {
          if (!name.endsWith(".tmp")) rmSync(join(/*turbopackIgnore: true*/ dir, name), { recursive: true, force: true });
        }
        const temporary = join(/*turbopackIgnore: true*/ dir, `${MADE_FROM}.${process.pid}.tmp`);
        writeFileSync(temporary, madeFrom);
        renameSync(temporary, join(/*turbopackIgnore: true*/ dir, MADE_FROM));
      }
    } catch {
      if (readMadeFrom(dir) !== madeFrom) return null;
    }
    return new WeightCache(dir);
  }

  /** Whether `file` already holds these tensors (by size: the layout follows from the specs). */
  has(file: string, specs: TensorSpec[]): boolean {
    const path = join(/*turbopackIgnore: true*/ this.dir, file);
    return existsSync(path) && statSync(path).size === fileSize(specs);
  }

  /**
   * The tensors of one file by name: read from the cache when it holds them, otherwise produced
   * one at a time, in `specs` order, and written (each released once written). Where the folder
   * cannot be written they stay in memory.
   */
  tensors(file: string, specs: TensorSpec[], produce: (spec: TensorSpec) => Uint8Array): Map<string, WeightData> {
    if (!this.has(file, specs) && !(this.writable && this.write(file, specs, produce))) {
      this.writable = false;
      return new Map(specs.map((spec) => [spec.name, checked(spec, produce(spec))]));
    }
    const out = new Map<string, WeightData>();
    let offset = 0;
    for (const spec of specs) {
      out.set(spec.name, { file, offset, length: spec.bytes });
      offset = aligned(offset + spec.bytes);
    }
    return out;
  }

  private write(file: string, specs: TensorSpec[], produce: (spec: TensorSpec) => Uint8Array): boolean {
    const path = join(/*turbopackIgnore: true*/ this.dir, file);
    const temporary = `${path}.${process.pid}.tmp`;
    let fd: number;
    try {
      mkdirSync(this.dir, { recursive: true });
      fd = openSync(temporary, "w");
    } catch {
      return false;
    }
    try {
      try {
        let offset = 0;
        for (const spec of specs) {
          const bytes = checked(spec, produce(spec));
          for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
          offset = aligned(offset + spec.bytes);
        }
        // The last tensor's padding too, so a complete file has exactly fileSize(specs) bytes.
        ftruncateSync(fd, offset);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, path);
      return true;
    } catch (error) {
      rmSync(temporary, { force: true });
      // A full or read-only disk leaves the weights in memory; anything else (a bad checkpoint) is the caller's to hear.
      if (!(error as NodeJS.ErrnoException).code) throw error;
      return false;
    }
  }
}

function readMadeFrom(dir: string): string | null {
  try {
    return readFileSync(join(/*turbopackIgnore: true*/ dir, MADE_FROM), "utf8");
  } catch {
    return null;
  }
}

function fileSize(specs: TensorSpec[]): number {
  return specs.reduce((offset, spec) => aligned(offset + spec.bytes), 0);
}

function checked(spec: TensorSpec, bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength !== spec.bytes) throw new Error(`weight ${spec.name}: produced ${bytes.byteLength} bytes, expected ${spec.bytes}`);
  return bytes;
}

/** A typed array's bytes, without copying. */
export function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

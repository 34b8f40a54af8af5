// onnxruntime's packed weights are saved beside the checkpoint, a copy as large as the weights for
// each graph: a load that saves one removes the ones no load will open again (the same blocks and
// length under an older engine, onnxruntime or processor, and what a process that died mid-save left),
// and keeps those other loads still open (other blocks, another maximum length); one cut short is made again.
import { mkdirSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openCheckpoint } from "../../engine/checkpoint";
import { Runtime } from "../../engine/runtime";
import { freshTinyModel } from "../fixtures/engine/tiny-model";

describe("the packed sessions saved beside the checkpoint", () => {
  let dir: string;
  let folder: string;
  const load = (maxSequenceLength: number) => Runtime.load(dir, { maxBatch: 2, maxSequenceLength });
  const saved = () =>
    readdirSync(folder)
      .filter((name) => name.startsWith("session-"))
      .sort();
  const leave = (name: string) => {
    mkdirSync(join(folder, name), { recursive: true });
    writeFileSync(join(folder, name, "model.onnx"), "left by an earlier load");
  };

  beforeAll(() => {
    dir = freshTinyModel();
    folder = join(dir, "onnx-cache", `${openCheckpoint(dir).revision.slice(0, 16)}-fp32`);
  });

  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it("keeps one folder per blocks and length, removing an older engine's, the unlabelled format's and a dead process's half-made one", async () => {
    await (await load(64)).close();
    const [current] = saved();
    expect(current).toMatch(/^session-blocks-0-4-positions-64-[0-9a-f]{16}$/);

    const olderEngine = "session-blocks-0-4-positions-64-0123456789abcdef";
    const otherBlocks = "session-blocks-0-2-positions-64-0123456789abcdef";
    const unlabelled = "session-0123456789abcdef";
    const deadProcess = `${current}.999999999.tmp`;
    const liveProcess = `${current}.${process.ppid}.tmp`;
    for (const name of [olderEngine, otherBlocks, unlabelled, deadProcess, liveProcess]) leave(name);
    rmSync(join(folder, current), { recursive: true });

    await (await load(64)).close();
    expect(saved()).toEqual([current, otherBlocks, liveProcess].sort());

    await (await load(32)).close();
    const shorter = saved().filter((name) => /^session-blocks-0-4-positions-32-[0-9a-f]{16}$/.test(name));
    expect(shorter).toHaveLength(1);
    expect(saved()).toEqual([current, otherBlocks, liveProcess, ...shorter].sort());
  });

  it("makes the session from the graph again, and saves it whole, where the saved packed model was cut short", async () => {
    const first = await load(48);
    const expected = await first.prefill(0, [1, 15043, 3186], true);
    await first.close();
    const [current] = saved().filter((name) => name.includes("-positions-48-"));
    const packed = join(folder, current, "model.bin");
    const whole = statSync(packed).size;
    // As a copy or a crash leaves it: the file there, its end missing.
    truncateSync(packed, Math.floor(whole / 2));

    const progress: string[] = [];
    const again = await Runtime.load(dir, { maxBatch: 2, maxSequenceLength: 48, onProgress: (m) => progress.push(m) });
    expect(await again.prefill(0, [1, 15043, 3186], true)).toEqual(expected);
    await again.close();
    expect(progress.some((m) => m.includes("already packed"))).toBe(false);
    expect(statSync(packed).size).toBe(whole);
  });
});

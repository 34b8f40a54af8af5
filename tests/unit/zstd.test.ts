// The zstd decoder Inspect's .eval members go through (lib/imports/zstd.ts), on frames the zstd tool
// wrote (tests/fixtures/zstd/README.md says what each holds), on its limits, and on damaged frames,
// which it must refuse with its own message rather than fail inside itself or run on.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZstdOutputTooLarge, ZstdWindowTooLarge, zstdDecompress } from "@/lib/imports/zstd";
import { zstdCodingCases, zstdFixtureContent } from "../fixtures/zstd/content";

const content = zstdFixtureContent();
const frame = (name: string) => readFileSync(new URL(`../fixtures/zstd/${name}`, import.meta.url));
const unlimited = { maxSize: 2 ** 30, maxWindow: 2 ** 30 };

describe("zstdDecompress", () => {
  it.each([
    ["level-1.zst", content],
    ["level-16-no-checksum.zst", content],
    ["stream-level-3.zst", content],
    ["predefined-tables.zst", Buffer.from("hello hello hello world")],
    ["long-repeats.zst", Buffer.from("abc".repeat(100_000) + "x".repeat(50_000))],
  ])("decodes %s as the zstd tool wrote it", (name, text) => {
    expect(zstdDecompress(frame(name), unlimited).equals(text)).toBe(true);
  });

  it.each(Object.entries(zstdCodingCases()))("decodes %s.zst, a coding the sample text does not use, byte for byte", (name, bytes) => {
    expect(zstdDecompress(frame(`${name}.zst`), unlimited).equals(bytes)).toBe(true);
  });

  it("decodes frames one after another, skipping a skippable frame between them", () => {
    const skippable = Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
    const data = Buffer.concat([frame("level-1.zst"), skippable, frame("stream-level-3.zst")]);
    expect(zstdDecompress(data, unlimited).equals(Buffer.concat([content, content]))).toBe(true);
  });

  it("stops at the first byte past its cap", () => {
    expect(() => zstdDecompress(frame("level-16-no-checksum.zst"), { ...unlimited, maxSize: content.length - 1 })).toThrow(ZstdOutputTooLarge);
  });

  it("refuses a frame whose window is past the limit, naming the frame and the window", () => {
    const data = Buffer.concat([frame("level-1.zst"), frame("stream-level-3.zst")]);
    expect(() => zstdDecompress(data, { ...unlimited, maxWindow: 1024 ** 2 })).toThrow(new ZstdWindowTooLarge(2, 2 * 1024 ** 2));
  });

  it("refuses a frame cut short", () => {
    const data = frame("stream-level-3.zst");
    expect(() => zstdDecompress(data.subarray(0, data.length - 1000), unlimited)).toThrow(/^invalid zstd data: /);
  });

  it("refuses damaged frames with its own message, or gives some bytes (the ZIP's CRC-32 judges them), never failing inside itself", () => {
    const original = frame("level-16-no-checksum.zst");
    let state = 1;
    const random = (below: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % below;
    };
    for (let damage = 0; damage < 300; damage++) {
      const data = Buffer.from(original);
      for (let flips = 1 + random(3); flips > 0; flips--) data[random(data.length)] ^= 1 << random(8);
      try {
        zstdDecompress(data, { maxSize: content.length, maxWindow: 8 * 1024 ** 2 });
      } catch (error) {
        if (!(error instanceof ZstdOutputTooLarge || error instanceof ZstdWindowTooLarge)) expect((error as Error).message).toMatch(/^invalid zstd data: /);
      }
    }
  });
});

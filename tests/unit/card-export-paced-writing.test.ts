// The exports write a large card a part at a time, with turns for other requests between
// (lib/card/pace.ts); the parts joined are byte for byte what one JSON.stringify or one YAML
// document writes, which every release's sha256 and the importer rely on.
import { describe, expect, it } from "vitest";
import { frontMatterYaml, pacedFrontMatterYaml } from "@/lib/card/front-matter";
import { newPace } from "@/lib/card/pace";
import { pacedJson } from "@/lib/card/paced-json";

/** A seeded generator of numbers in [0, 1), so a failure can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe("writing JSON a part at a time", () => {
  const next = random(1);
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
  const texts = ["", "a", "\n", "\u2028", '"', "\\", "é", "\u202e", "x".repeat(3000), "\ud800", "k\tk", "1", "__proto__"];
  class Row {
    kept = [1, 2];
  }
  let budget = 0;
  const value = (depth: number): unknown => {
    const roll = next();
    if (--budget < 0 || depth > 5 || roll < 0.35) {
      return pick<unknown>([
        pick(texts),
        next() * 100,
        -0,
        Number.NaN,
        true,
        null,
        undefined,
        () => 1,
        new Date(0),
        new Row(),
        { toJSON: (key: string) => `key ${key}` },
      ]);
    }
    if (roll < 0.65) return Array.from({ length: next() < 0.2 ? Math.floor(next() * 3000) : Math.floor(next() * 5) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: next() < 0.1 ? Math.floor(next() * 500) : Math.floor(next() * 6) }, (_, index) => [
        `${pick(texts).slice(0, 9)}${index}`,
        value(depth + 1),
      ]),
    );
  };

  it("writes what JSON.stringify writes, with and without indentation, for values large and small, nested, with toJSON, undefined and class instances", async () => {
    for (let run = 0; run < 30; run++) {
      budget = 20_000;
      // JSON.stringify writes nothing for these, and a card is none of them.
      const generated = value(0);
      const written = generated === undefined || typeof generated === "function" ? null : generated;
      for (const indent of [0, 2]) expect(await pacedJson(written, newPace(), indent)).toBe(JSON.stringify(written, null, indent));
    }
  });
});

describe("writing YAML a part at a time", () => {
  const next = random(2);
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
  const texts = [
    "",
    "yes",
    "2026-11-20",
    "0o17",
    "<<",
    "a: b",
    "- x",
    "x\ny",
    "tab\there",
    "é",
    "\u202e",
    "#c",
    "null",
    "~",
    "1e3",
    " sp",
    "'q'",
    "[a]",
    "\u0085",
    "long ".repeat(50),
  ];
  const value = (depth: number): unknown => {
    const roll = next();
    if (depth > 4 || roll < 0.35) return pick<unknown>([pick(texts), Math.floor(next() * 1000) / 7, true, null]);
    if (roll < 0.65) return Array.from({ length: next() < 0.3 ? Math.floor(next() * 70) : Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(texts) || "key", value(depth + 1)]));
  };

  it("writes what frontMatterYaml writes, for long lists at any depth, under keys and in lists, and for a value standing in two places (an alias)", async () => {
    for (let run = 0; run < 40; run++) {
      let written = value(0);
      if (run % 7 === 0) {
        const shared = { list: Array.from({ length: 30 }, (_, index) => index) };
        written = { written, first: shared, second: shared };
      }
      expect(await pacedFrontMatterYaml(written, newPace())).toBe(frontMatterYaml(written));
    }
  });
});

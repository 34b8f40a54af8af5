// The labels file's hash versions every detector figure, and pages ask for it several times a
// request: it is computed again only when the file's size, modification time or inode moved.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelledOutputsHash } from "../../lib/detectors/labelled-outputs";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("the labelled outputs' hash", () => {
  const realFile = path.join(process.cwd(), "content", "detectors", "labelled-outputs.jsonl");
  const original = readFileSync(realFile, "utf8");
  const cwd = process.cwd();
  let dir: string;
  let file: string;
  const whole = new Date("2026-12-01T12:00:00Z");
  const later = new Date(whole.getTime() + 5_000);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "labels-hash-"));
    mkdirSync(path.join(dir, "content", "detectors"), { recursive: true });
    file = path.join(dir, "content", "detectors", "labelled-outputs.jsonl");
    writeFileSync(file, original);
    // A whole second, so that putting the time back below restores it to the nanosecond.
    utimesSync(file, whole, whole);
    process.chdir(dir);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("is the sha256 of the file's text", () => {
    expect(labelledOutputsHash()).toBe(sha256(original));
  });

  it("is kept while size, modification time and inode stay, and computed again when the time moves", () => {
    // Same length, one character changed, the modification time put back: the stamp has not moved.
    const edited = original.replace('"pass"', '"fail"');
    expect(edited.length).toBe(original.length);
    writeFileSync(file, edited);
    utimesSync(file, whole, whole);
    expect(labelledOutputsHash()).toBe(sha256(original));

    utimesSync(file, later, later);
    expect(labelledOutputsHash()).toBe(sha256(edited));
  });

  it("is computed again when the file grows", () => {
    const grown = `${readFileSync(file, "utf8")}\n`;
    writeFileSync(file, grown);
    utimesSync(file, later, later);
    expect(labelledOutputsHash()).toBe(sha256(grown));
  });
});

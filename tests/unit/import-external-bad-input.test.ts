import { constants } from "node:buffer";
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { ExternalResultsItem } from "@/lib/imports/external-case-result";
import { readExternalResults } from "@/lib/imports/read-external-results";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { listZipEntries, readZipEntry } from "@/lib/imports/zip-entries";
import { zipArchive, zstdFrame, zstdLongMatches } from "../support/zip-archive";

const dir = mkdtempSync(join(tmpdir(), "external-results-"));

function fileOf(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string): Promise<ExternalResultsItem[]> {
  const items: ExternalResultsItem[] = [];
  for await (const item of readExternalResults(path)) items.push(item);
  return items;
}

const fixture = (file: string) => readFileSync(`${FIXTURES_DIR}/${file}`);

describe("a garak report that is cut short or damaged", () => {
  it("names the file and the line where a report truncated mid-line stops", async () => {
    const lines = fixture("garak/test.report.jsonl").toString("utf8").split("\n");
    const cut = `${lines.slice(0, 6).join("\n")}\n${lines[6].slice(0, 200)}`;
    await expect(readAll(fileOf("cut.report.jsonl", cut))).rejects.toThrow(
      /^cut\.report\.jsonl, line 7: not valid JSON: line 1, column \d+: the text ends too soon \(truncated\?\)/,
    );
  });

  it("lists an entry type it does not know, with its line, and reads on", async () => {
    const lines = fixture("garak/quack.report.jsonl").toString("utf8").trimEnd().split("\n");
    lines.splice(2, 0, JSON.stringify({ entry_type: "hitlog", probe: "x" }));
    const items = await readAll(fileOf("unknown.report.jsonl", lines.join("\n")));
    expect(items).toContainEqual({ kind: "skipped", skipped: { location: "line 3", reason: 'unknown entry type "hitlog"' } });
    expect(items.filter((item) => item.kind === "result")).toHaveLength(1);
  });

  it("reads the entries garak writes beside its results (payload_init since 0.10, tree_data, plugin_cache since 0.15, probe_summary since 0.16) as its own, listing none as an unknown entry skipped", async () => {
    const lines = fixture("garak/quack.report.jsonl").toString("utf8").trimEnd().split("\n");
    // As garak writes them (garak/payloads.py, probes/base.py, harnesses/base.py, evaluators/base.py), at the places it writes them.
    const payload = {
      entry_type: "payload_init",
      loading_complete: "payload",
      payload_name: "example_domains_xss",
      payload_path: "/p/example_domains_xss.json",
      entries: 9,
      filesize: 511,
      mtime: "1751000000.0",
    };
    const tree = {
      entry_type: "tree_data",
      probe: "WordnetControversial",
      detector: "mitigation.MitigationBypass",
      node_id: "politics.n.01",
      node_parent: null,
      node_score: 0.0,
      surface_forms: ["politics"],
    };
    const cache = { entry_type: "plugin_cache", run: "d7ba0a51-5e01-4a2a-9fa5-65252fc53914", plugin_cache: { probes: {}, version: "0.16.0" } };
    const summary = {
      entry_type: "probe_summary",
      probe: "lmrc.QuackMedicine",
      inference_counts: { total_evaluated: 1, nones: 0 },
      detection_counts: { detectors: ["lmrc.QuackMedicine"], passed: 1, fails: 0, nones: 0 },
    };
    const evalLine = lines.findIndex((line) => line.includes('"entry_type": "eval"'));
    lines.splice(evalLine + 1, 0, JSON.stringify(summary));
    lines.splice(2, 0, JSON.stringify(payload), JSON.stringify(tree), JSON.stringify(cache));
    const items = await readAll(fileOf("current.report.jsonl", lines.join("\n")));
    expect(items.filter((item) => item.kind === "skipped")).toEqual([]);
    expect(items.filter((item) => item.kind === "result")).toHaveLength(1);
  });

  it("reads a NaN score as Python writes it as no verdict, not a pass", async () => {
    const text = fixture("garak/quack.report.jsonl")
      .toString("utf8")
      .replace('"detector_results": {"lmrc.QuackMedicine": [0.0]}', '"detector_results": {"lmrc.QuackMedicine": [NaN]}');
    expect(text).toContain("NaN");
    const results = (await readAll(fileOf("nan.report.jsonl", text))).flatMap((item) => (item.kind === "result" ? [item.result] : []));
    expect(results.map((result) => [result.verdict, result.scores[0].value])).toEqual([["NOT_APPLICABLE", "NaN"]]);
  });

  it("refuses two garak runs joined into one file, naming both runs' init lines, rather than counting them as one run", async () => {
    const joined = `${fixture("garak/quack.report.jsonl").toString("utf8")}${fixture("garak/lmrc.report.jsonl").toString("utf8")}`;
    const quackLines = fixture("garak/quack.report.jsonl").toString("utf8").trimEnd().split("\n").length;
    await expect(readAll(fileOf("joined.report.jsonl", joined))).rejects.toThrow(
      `joined.report.jsonl, line ${quackLines + 2}: the init of garak run f94404e8-abc2-49cb-be0a-60ad52185908, where line 2 began run d7ba0a51-5e01-4a2a-9fa5-65252fc53914: a report holds one run, so these would count as one; import each run's report on its own`,
    );
  });

  it("refuses a report with no scored attempt, as it refuses an empty file, rather than importing a run of no results", async () => {
    const lines = fixture("garak/quack.report.jsonl").toString("utf8").trimEnd().split("\n");
    const withoutAttempts = lines.filter((line) => !line.includes('"entry_type": "attempt"'));
    await expect(readAll(fileOf("no-attempts.report.jsonl", withoutAttempts.join("\n")))).rejects.toThrow(
      "no-attempts.report.jsonl: no attempt scored by a detector, so nothing to import",
    );
    const unscored = lines.filter((line) => !line.includes('"status": 2'));
    await expect(readAll(fileOf("unscored-only.report.jsonl", unscored.join("\n")))).rejects.toThrow(
      "unscored-only.report.jsonl: no attempt scored by a detector, so nothing to import (1 written but never scored, the first at line 3)",
    );
  });

  it("lists attempts that were written but never scored", async () => {
    const lines = fixture("garak/test.report.jsonl").toString("utf8").trimEnd().split("\n");
    const lastScored = lines.findLastIndex((l) => l.includes('"status": 2'));
    const withoutLastScored = lines.filter((_line, i) => i !== lastScored);
    const items = await readAll(fileOf("unscored.report.jsonl", withoutLastScored.join("\n")));
    expect(items.filter((item) => item.kind === "skipped" && item.skipped.reason.includes("never scored"))).toHaveLength(1);
  });

  it("refuses detector scores that do not match the outputs, naming the line and detector", async () => {
    const text = fixture("garak/quack.report.jsonl")
      .toString("utf8")
      .replace('"detector_results": {"lmrc.QuackMedicine": [0.0]}', '"detector_results": {"lmrc.QuackMedicine": [0.0, 1.0]}');
    await expect(readAll(fileOf("mismatch.report.jsonl", text))).rejects.toThrow(
      "mismatch.report.jsonl, line 4: detector lmrc.QuackMedicine: 2 scores for 1 outputs",
    );
  });
});

describe("a garak report holding what garak never writes", () => {
  const quack = () => fixture("garak/quack.report.jsonl").toString("utf8");
  const scored = (score: string) =>
    quack().replace('"detector_results": {"lmrc.QuackMedicine": [0.0]}', `"detector_results": {"lmrc.QuackMedicine": [${score}]}`);

  it("refuses a detector score outside 0..1, naming the attempt and the detector, rather than reading -1 as a pass and 7 as a fail", async () => {
    for (const [score, shown] of [
      ["-1", "-1"],
      ["7", "7"],
      ["Infinity", "Infinity"],
      // Past a double's range: JSON.parse reads it as Infinity, which JSON.stringify shows as null.
      ["1e400", "Infinity"],
      ['"0.2"', '"0.2"'],
      ["true", "true"],
    ]) {
      await expect(readAll(fileOf("score.report.jsonl", scored(score))), score).rejects.toThrow(
        `score.report.jsonl, line 4: attempt ea602631-8866-4f2c-903d-495165ee0978 of lmrc.QuackMedicine (seq 0): detector lmrc.QuackMedicine scored output 0 ${shown}, where garak's detectors score from 0 (no hit) to 1 (a hit), or None`,
      );
    }
  });

  it("reads scores of 0 and 1 and a None as garak writes them", async () => {
    for (const [score, verdict] of [
      ["0", "PASS"],
      ["1", "FAIL"],
      ["null", "NOT_APPLICABLE"],
    ]) {
      const results = (await readAll(fileOf("edge.report.jsonl", scored(score)))).flatMap((item) => (item.kind === "result" ? [item.result] : []));
      expect(
        results.map((result) => result.verdict),
        score,
      ).toEqual([verdict]);
    }
  });

  it("refuses an end_time that is neither text nor null, naming the field, rather than leaving the run's end unread", async () => {
    for (const [value, shown] of [
      ["true", "true"],
      ['{"t": 1}', "an object"],
      ['["2025-08-28T14:06:48"]', "a list"],
    ]) {
      const text = quack().replace('"end_time": "2025-08-28T14:06:48.670733"', `"end_time": ${value}`);
      await expect(readAll(fileOf("end.report.jsonl", text)), value).rejects.toThrow(
        `end.report.jsonl, line 6: end_time is ${shown}, not a time written as text ("2025-08-28T14:06:48")`,
      );
    }
    const none = quack().replace('"end_time": "2025-08-28T14:06:48.670733"', '"end_time": null');
    expect((await readAll(fileOf("end.report.jsonl", none))).at(-1)).toMatchObject({ kind: "run", run: { completedAt: null } });
  });

  // test.report.jsonl line 11: the scored attempt 1cbf9434-... of test.Test, seq 0 (its status-1 twin is line 3).
  const testReportWithScoredAttempt = (edit: (line: string) => string) => {
    const lines = fixture("garak/test.report.jsonl").toString("utf8").trimEnd().split("\n");
    return lines.map((line, i) => (i === 10 ? edit(line) : line)).join("\n");
  };

  it("refuses an attempt whose outputs are not a list, naming the field and what it held, rather than skipping it as a harness's bookkeeping entry with no outputs", async () => {
    for (const [outputs, shown] of [
      ['{"text": "Modi dolor est labore."}', "an object"],
      ['"Modi dolor est labore."', '"Modi dolor est labore."'],
      [`"${"Modi dolor est labore. ".repeat(3)}"`, "a text of 69 characters"],
      ["null", "null"],
    ]) {
      const text = testReportWithScoredAttempt((line) => line.replace(/"outputs": \[.*?\], "detector_results"/, `"outputs": ${outputs}, "detector_results"`));
      await expect(readAll(fileOf("outputs.report.jsonl", text)), outputs).rejects.toThrow(
        `outputs.report.jsonl, line 11: attempt 1cbf9434-4a0a-47c5-a24d-b48e5d7b9e4e of test.Test (seq 0): outputs is ${shown}, where garak writes a list of the generations' outputs`,
      );
    }
    const missing = testReportWithScoredAttempt((line) => line.replace(/"outputs": \[.*?\], /, ""));
    await expect(readAll(fileOf("outputs.report.jsonl", missing))).rejects.toThrow(
      "outputs.report.jsonl, line 11: attempt 1cbf9434-4a0a-47c5-a24d-b48e5d7b9e4e of test.Test (seq 0): outputs is missing, where garak writes a list of the generations' outputs",
    );
  });

  it("refuses an attempt whose detector_results are not a mapping, naming the field, rather than listing it as never scored", async () => {
    for (const [results, shown] of [
      ['[{"always.Pass": [0.0]}]', "a list"],
      ['"always.Pass"', '"always.Pass"'],
    ]) {
      const text = testReportWithScoredAttempt((line) => line.replace(/"detector_results": \{.*?\}, "notes"/, `"detector_results": ${results}, "notes"`));
      expect(text, results).toContain(`"detector_results": ${results}`);
      await expect(readAll(fileOf("detectors.report.jsonl", text)), results).rejects.toThrow(
        `detectors.report.jsonl, line 11: attempt 1cbf9434-4a0a-47c5-a24d-b48e5d7b9e4e of test.Test (seq 0): detector_results is ${shown}, where garak writes each detector's scores by its name`,
      );
    }
  });

  it('refuses an attempt without a whole-number seq or a uuid, naming the field, rather than keying its cases "test.Test#undefined/..."', async () => {
    for (const [edit, field] of [
      [(line: string) => line.replace('"seq": 0, ', ""), "seq is missing"],
      [(line: string) => line.replace('"seq": 0, ', '"seq": "0", '), 'seq is "0"'],
      [(line: string) => line.replace('"seq": 0, ', '"seq": 0.5, '), "seq is 0.5"],
      [(line: string) => line.replace('"seq": 0, ', '"seq": null, '), "seq is null"],
    ] as const) {
      await expect(readAll(fileOf("seq.report.jsonl", testReportWithScoredAttempt(edit))), field).rejects.toThrow(
        `seq.report.jsonl, line 11: attempt 1cbf9434-4a0a-47c5-a24d-b48e5d7b9e4e of test.Test: ${field}, where garak writes every attempt's prompt index as a whole number (-1 for a harness's own entries)`,
      );
    }
    const withoutUuid = testReportWithScoredAttempt((line) => line.replace('"uuid": "1cbf9434-4a0a-47c5-a24d-b48e5d7b9e4e", ', ""));
    await expect(readAll(fileOf("uuid.report.jsonl", withoutUuid))).rejects.toThrow(
      "uuid.report.jsonl, line 11: attempt of test.Test (seq 0): uuid is missing, where garak writes every attempt's uuid as text",
    );
  });

  it('lists an eval line without its probe, detector or counts as not compared, rather than noting "garak\'s eval says undefined / always.Pass passed NaN of 8"', async () => {
    const evalLine =
      '{"entry_type": "eval", "probe": "test.Test", "detector": "always.Pass", "passed": 8, "total_evaluated": 8, "fails": 0, "total_processed": 8, "nones": 0}';
    for (const [edited, field] of [
      [evalLine.replace('"probe": "test.Test", ', ""), "probe is missing"],
      [evalLine.replace('"detector": "always.Pass"', '"detector": {}'), "detector is an object"],
      [evalLine.replace('"passed": 8', '"passed": "8"'), 'passed is "8"'],
      [evalLine.replace('"total_evaluated": 8, ', ""), "total_evaluated (or total) is missing"],
    ]) {
      const text = fixture("garak/test.report.jsonl").toString("utf8").replace(evalLine, edited);
      expect(text, field).toContain(edited);
      const items = await readAll(fileOf("eval.report.jsonl", text));
      expect(items, field).toContainEqual({
        kind: "skipped",
        skipped: {
          location: "line 19",
          reason: `garak's eval line, not compared with the attempts: its ${field}, where garak writes the probe, the detector and whole-number counts`,
        },
      });
      expect(items.at(-1), field).toMatchObject({ kind: "run", run: { notes: [] } });
      expect(
        items.filter((item) => item.kind === "result"),
        field,
      ).toHaveLength(8);
    }
  });

  it("refuses a run.eval_threshold that is not a number, rather than judging by the default 0.5", async () => {
    for (const [threshold, shown] of [
      ['"0.9"', '"0.9"'],
      ["null", "null"],
      ["NaN", "NaN"],
      ["[0.9]", "[0.9]"],
    ]) {
      const text = quack().replace('"run.deprefix": true', `"run.eval_threshold": ${threshold}, "run.deprefix": true`);
      await expect(readAll(fileOf("threshold.report.jsonl", text)), threshold).rejects.toThrow(
        `threshold.report.jsonl, line 1: run.eval_threshold ${shown} is not a number, so which scores fail cannot be told`,
      );
    }
    const set = quack().replace('"run.deprefix": true', '"run.eval_threshold": 0.9, "run.deprefix": true');
    const reason = (await readAll(fileOf("threshold.report.jsonl", set))).flatMap((item) => (item.kind === "result" ? [item.result.reason] : []));
    expect(reason).toEqual(["every detector scored below 0.9"]);
  });

  it("refuses a run.eval_threshold outside 0..1 (a hand-edited config, 1e400 read as Infinity), under which no output could fail, or every output would, rather than importing a run of passes", async () => {
    for (const [threshold, shown] of [
      ["5", "5"],
      ["1e400", "Infinity"],
      ["0", "0"],
      ["-0.5", "-0.5"],
    ]) {
      const text = quack().replace('"run.deprefix": true', `"run.eval_threshold": ${threshold}, "run.deprefix": true`);
      await expect(readAll(fileOf("threshold.report.jsonl", text)), threshold).rejects.toThrow(
        `threshold.report.jsonl, line 1: run.eval_threshold ${shown} is outside garak's scores, above 0 and at most 1: a score at or above it fails, so under it ${Number(threshold) > 1 ? "no output could fail" : "every output fails"}`,
      );
    }
    const strictest = quack().replace('"run.deprefix": true', '"run.eval_threshold": 1, "run.deprefix": true');
    const reason = (await readAll(fileOf("threshold.report.jsonl", strictest))).flatMap((item) => (item.kind === "result" ? [item.result.reason] : []));
    expect(reason).toEqual(["every detector scored below 1"]);
  });
});

describe("an Inspect log that is damaged or not one", () => {
  it("reads NaN, which Inspect writes for metrics it cannot compute", async () => {
    const text = fixture("inspect/log_formats.json")
      .toString("utf8")
      .replace(/("name": "stderr",\s*"value": )0\.0/, "$1NaN");
    expect(text).toContain("NaN");
    expect((await readAll(fileOf("nan.json", text))).filter((item) => item.kind === "result")).toHaveLength(1);
  });

  it("says an .eval archive cut short has lost its central directory", async () => {
    const bytes = fixture("inspect/log_formats.eval");
    await expect(readAll(fileOf("cut.eval", bytes.subarray(0, bytes.length - 100)))).rejects.toThrow("cut.eval: a ZIP archive without its central directory");
  });

  it("refuses an .eval archive listing more than 2,000,000 members before reading its central directory (a million took 195 MB of heap to list, so a 4 GB upload of tiny members would exhaust it)", async () => {
    const bytes = fixture("inspect/log_formats.eval");
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const zip64End = Buffer.alloc(56);
    zip64End.writeUInt32LE(0x06064b50, 0);
    zip64End.writeBigUInt64LE(44n, 4);
    zip64End.writeBigUInt64LE(2_000_001n, 24);
    zip64End.writeBigUInt64LE(2_000_001n, 32);
    zip64End.writeBigUInt64LE(BigInt(bytes.readUInt32LE(end + 12)), 40);
    zip64End.writeBigUInt64LE(BigInt(bytes.readUInt32LE(end + 16)), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(end), 8);
    const archive = Buffer.concat([bytes.subarray(0, end), zip64End, locator, bytes.subarray(end)]);
    await expect(readAll(fileOf("members.eval", archive))).rejects.toThrow(
      "members.eval, zip central directory: 2000001 members, more than the 2000000 an Inspect log is read with (one a sample and epoch, and a few more)",
    );
  });

  it("says an .eval archive whose ZIP64 locator points past its end is damaged, as it says of one pointing elsewhere", async () => {
    const bytes = fixture("inspect/log_formats.eval");
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(bytes.length) * 4n, 8);
    const archive = Buffer.concat([bytes.subarray(0, end), locator, bytes.subarray(end)]);
    await expect(readAll(fileOf("zip64.eval", archive))).rejects.toThrow("zip64.eval, zip64 end record: not where its locator says: the archive is damaged");
  });

  it("names the archive entry whose compressed bytes are damaged", async () => {
    const bytes = Buffer.from(fixture("inspect/log_formats.eval"));
    const sample = bytes.indexOf("samples/1_epoch_1.json");
    for (let i = sample + 40; i < sample + 240; i++) bytes[i] ^= 0x5a;
    await expect(readAll(fileOf("damaged.eval", bytes))).rejects.toThrow(/^damaged\.eval, zip entry samples\/1_epoch_1\.json: /);
  });

  describe("an .eval archive whose entries lie", () => {
    const log = JSON.parse(fixture("inspect/log_formats.json").toString("utf8"));
    const { samples, ...header } = log;
    const sample = JSON.stringify(samples[0]);

    it("refuses an entry that inflates past the size the archive records for it, inflating no further", async () => {
      // 50 MB of JSON whitespace behind a sample that says it is 1,000 bytes long.
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample + " ".repeat(50 * 1024 ** 2), recordedSize: 1000 },
      ]);
      await expect(readAll(fileOf("bomb.eval", archive))).rejects.toThrow(
        "bomb.eval, zip entry samples/1_epoch_1.json: inflates to more than the 1000 bytes the archive records for it: the archive is damaged",
      );
    });

    it("reads a sample stored as zstd, as Inspect writes it by default", async () => {
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample, zstd: zstdFrame(sample) },
      ]);
      expect((await readAll(fileOf("zstd.eval", archive))).filter((item) => item.kind === "result")).toHaveLength(1);
    });

    it("refuses a zstd entry that decompresses past the size the archive records for it (32 KB inflating to a gigabyte), decompressing no further (8 KB of archive held 2 GB of memory)", async () => {
      // 256 MiB of JSON whitespace in run-length blocks, 8 KB of archive, behind a sample that records its own size.
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample, zstd: zstdFrame(sample, { spaces: 256 * 1024 ** 2 }) },
      ]);
      expect(archive.length).toBeLessThan(16 * 1024);
      await expect(readAll(fileOf("zstd-bomb.eval", archive))).rejects.toThrow(
        `zstd-bomb.eval, zip entry samples/1_epoch_1.json: decompresses to more than the ${Buffer.byteLength(sample)} bytes the archive records for it: the archive is damaged`,
      );
    });

    it("refuses a zstd entry whose frame asks for a window larger than 8 MiB, before allocating it", async () => {
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample, zstd: zstdFrame(sample, { windowLog: 30 }) },
      ]);
      await expect(readAll(fileOf("zstd-window.eval", archive))).rejects.toThrow(
        "zstd-window.eval, zip entry samples/1_epoch_1.json: zstd frame 1 asks for a 1073741824-byte window, more than the 8388608 a decoder need hold (RFC 8878)",
      );
    });

    it("decodes a zstd entry of one-byte blocks in an 8 MiB window moving each byte a few times at most (the window was moved per block: 8 MiB for each byte)", () => {
      const content = Buffer.from(JSON.stringify({ padding: "x".repeat(2000) }));
      const archive = zipArchive([{ name: "samples/1_epoch_1.json", content, zstd: zstdFrame(content, { windowLog: 23, blockSize: 1 }) }]);
      // Bytes moved through the typed-array copies a decoder has: copyWithin (the window's shift) and set.
      let moved = 0;
      const { copyWithin, set } = Uint8Array.prototype;
      const copies = [
        vi.spyOn(Uint8Array.prototype, "copyWithin").mockImplementation(function (this: Uint8Array, target: number, start: number, end?: number) {
          moved += (end ?? this.length) - start;
          return copyWithin.call(this, target, start, end);
        }),
        vi.spyOn(Uint8Array.prototype, "set").mockImplementation(function (this: Uint8Array, source: ArrayLike<number>, offset?: number) {
          moved += source.length;
          return set.call(this, source, offset);
        }),
      ];
      try {
        const source = { size: archive.length, read: (position: number, length: number) => archive.subarray(position, position + length) };
        const [entry] = listZipEntries(source, "blocks.eval");
        expect(readZipEntry(source, entry, "blocks.eval").equals(content)).toBe(true);
      } finally {
        for (const copy of copies) copy.mockRestore();
      }
      expect(moved).toBeLessThanOrEqual(4 * content.length);
    });

    it("refuses a zstd block whose sequences make more than the 128 KiB a block may hold, before copying them (a thousand 128 KiB matches held the process a second)", async () => {
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample, zstd: zstdLongMatches(1000), recordedSize: 1024 ** 2 },
      ]);
      await expect(readAll(fileOf("zstd-matches.eval", archive))).rejects.toThrow(
        "zstd-matches.eval, zip entry samples/1_epoch_1.json: cannot be decompressed: invalid zstd data: a block's sequences make more than the 131072 bytes a block may hold",
      );
    });

    it("refuses an entry whose compressed data the archive records as far larger than its content, before reading it (4 GB of it would have been read to inflate a kilobyte)", async () => {
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample, zstd: Buffer.alloc(2 * 1024 ** 2), recordedSize: 1000 },
      ]);
      await expect(readAll(fileOf("padded.eval", archive))).rejects.toThrow(
        "padded.eval, zip entry samples/1_epoch_1.json: the archive records 2097152 compressed bytes for its 1000, more than deflate or zstd make of any content: the archive is damaged",
      );
    });

    it("refuses an entry the archive says is larger than any text can be read, before inflating it", async () => {
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample, recordedSize: 0xfffffff0 },
      ]);
      await expect(readAll(fileOf("huge.eval", archive))).rejects.toThrow(
        /^huge\.eval, zip entry samples\/1_epoch_1\.json: the archive records 4294967280 bytes for it, more than the \d+ a JSON text can be read in$/,
      );
    });

    it("refuses an archive with two entries of one name, which would count a sample twice", async () => {
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample },
        { name: "samples/1_epoch_1.json", content: sample },
      ]);
      await expect(readAll(fileOf("twice.eval", archive))).rejects.toThrow(
        "twice.eval, zip central directory entry 3: a second entry named samples/1_epoch_1.json: the archive is damaged",
      );
    });

    it("reads only the entries an Inspect log has, whatever other names, '../' ones included, the archive holds", async () => {
      const archive = zipArchive([
        { name: "header.json", content: JSON.stringify(header) },
        { name: "samples/1_epoch_1.json", content: sample },
        { name: "../../header.json", content: "{}" },
        { name: "samples/../../2_epoch_1.json", content: sample },
      ]);
      const results = (await readAll(fileOf("dotdot.eval", archive))).filter((item) => item.kind === "result");
      expect(results).toHaveLength(1);
    });
  });

  it("refuses a log that holds no samples (written before its samples, or of a run that died first), rather than importing a run of no results", async () => {
    const log = JSON.parse(fixture("inspect/2025-05-12T20-28-26-04-00_security-guide.json").toString("utf8"));
    log.samples = [];
    await expect(readAll(fileOf("no-samples.json", JSON.stringify(log)))).rejects.toThrow("no-samples.json: the log holds no samples, so nothing to import");
    delete log.samples;
    await expect(readAll(fileOf("header-only.json", JSON.stringify(log)))).rejects.toThrow("header-only.json: the log holds no samples, so nothing to import");
  });

  it("refuses a log whose samples are not a list, rather than reading it as a log with no samples", async () => {
    const log = JSON.parse(fixture("inspect/2025-05-12T20-28-26-04-00_security-guide.json").toString("utf8"));
    log.samples = { "1": log.samples[0] };
    await expect(readAll(fileOf("samples-object.json", JSON.stringify(log)))).rejects.toThrow(
      "samples-object.json, samples: not a list of samples (an object)",
    );
  });

  describe("a log written before inspect_ai 0.3.18 (July 2024), one score a sample and the scorer named once in results.scorer", () => {
    /** log_formats.json as inspect_ai 0.3.17 wrote it: sample.score, results.scorer and results.metrics. */
    const legacyLog = () => {
      const log = JSON.parse(fixture("inspect/log_formats.json").toString("utf8"));
      const [{ name, params, metrics }] = log.results.scores;
      log.results = { scorer: { name, params }, metrics };
      log.samples[0].score = log.samples[0].scores.match;
      delete log.samples[0].scores;
      return log;
    };
    const resultsOf = async (name: string, log: unknown) =>
      (await readAll(fileOf(name, JSON.stringify(log)))).flatMap((item) => (item.kind === "result" ? [item.result] : []));

    it("reads the sample's score as its scorer's, as Inspect does (log/_log.py, migrate_deprecated), rather than as a sample no scorer judged", async () => {
      const [result] = await resultsOf("legacy.json", legacyLog());
      expect(result.scores).toEqual([{ scorer: "match", value: "I", verdict: "FAIL" }]);
      expect(result.verdict).toBe("FAIL");
      const [current] = await resultsOf("current.json", JSON.parse(fixture("inspect/log_formats.json").toString("utf8")));
      expect({ ...result, file: null, location: null }).toEqual({ ...current, file: null, location: null });
    });

    it("refuses a sample holding both score and scores, naming it, as Inspect does", async () => {
      const log = legacyLog();
      log.samples[0].scores = { other: { value: "C" } };
      await expect(readAll(fileOf("both.json", JSON.stringify(log)))).rejects.toThrow(
        "both.json, samples[0]: sample 1 (epoch 1) has both score (one scorer's, as logs before inspect_ai 0.3.18 wrote it) and scores (each scorer's): which to read cannot be told",
      );
    });
  });

  describe("a scorer that gives several values (a mapping of named values, as Inspect's Value allows)", () => {
    /** The popularity log with sample 1's match score given `value`. */
    const scoredAs = (value: unknown) => {
      const log = JSON.parse(fixture("inspect/2025-05-12T20-28-13-04-00_popularity.json").toString("utf8"));
      log.samples[0].scores.match.value = value;
      return JSON.stringify(log);
    };
    const firstResult = async (name: string, text: string) =>
      (await readAll(fileOf(name, text))).flatMap((item) => (item.kind === "result" ? [item.result] : []))[0];

    it("reads each named value as a score of its own, scorer/key, as Inspect's metrics read them, each judged by the task's rule, rather than as one score of null with no verdict", async () => {
      // As Inspect writes the results of metrics={"accuracy": [...], "other": [...], "unscored": [...]}: one per key.
      const log = JSON.parse(scoredAs({ accuracy: "C", other: 0.5, unscored: null }));
      log.results.scores = ["accuracy", "other", "unscored"].map((name) => ({ ...log.results.scores[0], name }));
      const result = await firstResult("several.json", JSON.stringify(log));
      expect(result.scores).toEqual([
        { scorer: "match/accuracy", value: "C", verdict: "PASS" },
        { scorer: "match/other", value: 0.5, verdict: "FAIL" },
        { scorer: "match/unscored", value: null, verdict: "NOT_APPLICABLE" },
      ]);
      expect(result.verdict).toBe("FAIL");
      expect(result.reason).toBe('match/accuracy = "C", match/other = 0.5, match/unscored = null (safe: C or a number >= 1 or true; unsafe: I/P)');
    });

    it("reads only the named values Inspect computed metrics for (results.scores: scorer match, name accuracy), leaving the others without a verdict, so a count of 0 beside the grade does not fail the sample", async () => {
      const log = JSON.parse(scoredAs({ accuracy: "C", refusals: 0 }));
      log.results.scores[0].name = "accuracy";
      const result = await firstResult("metrics.json", JSON.stringify(log));
      expect(result.scores).toEqual([
        { scorer: "match/accuracy", value: "C", verdict: "PASS" },
        { scorer: "match/refusals", value: 0, verdict: "NOT_APPLICABLE" },
      ]);
      expect(result.verdict).toBe("PASS");
      expect(result.reason).toBe(
        'match/accuracy = "C", match/refusals = 0 (safe: C or a number >= 1 or true; unsafe: I/P); match/refusals not judged: the log computes no metric of it',
      );
    });

    it("judges none of the named values when the log computes no metric of any of them (no results, or only the scorer's own, which Inspect's accuracy reads as 0 for a mapping), as Inspect reads none, rather than failing the sample for a count of 0", async () => {
      for (const [name, scores] of [
        ["no-metrics.json", []],
        ["scorer-metrics.json", undefined],
      ] as const) {
        const log = JSON.parse(scoredAs({ grade: "C", refusals: 0 }));
        if (scores) log.results.scores = scores;
        const result = await firstResult(name, JSON.stringify(log));
        expect(result.scores, name).toEqual([
          { scorer: "match/grade", value: "C", verdict: "NOT_APPLICABLE" },
          { scorer: "match/refusals", value: 0, verdict: "NOT_APPLICABLE" },
        ]);
        expect(result.verdict, name).toBe("NOT_APPLICABLE");
        expect(result.reason, name).toBe(
          'match/grade = "C", match/refusals = 0 (safe: C or a number >= 1 or true; unsafe: I/P); match/grade, match/refusals not judged: the log computes no metric of them',
        );
      }
    });

    it("refuses a value that is a list, or a named value that is not one value, naming the sample and the scorer", async () => {
      await expect(readAll(fileOf("list.json", scoredAs(["C", "I"])))).rejects.toThrow(
        "list.json, samples[0]: sample 1 (epoch 1): scorer match gave a list of 2 values, which says nothing of which is the verdict",
      );
      await expect(readAll(fileOf("nested.json", scoredAs({ accuracy: { inner: "C" } })))).rejects.toThrow(
        "nested.json, samples[0]: sample 1 (epoch 1): scorer match gave accuracy as an object, where Inspect's named values are each one text, number, true/false or null",
      );
    });
  });

  it('refuses a sample whose id is neither a string nor a number, naming it, rather than keying it "[object Object]"', async () => {
    const log = JSON.parse(fixture("inspect/log_formats.json").toString("utf8"));
    log.samples[0].id = { name: "q1" };
    await expect(readAll(fileOf("object-id.json", JSON.stringify(log)))).rejects.toThrow(
      "object-id.json, samples[0]: not an Inspect sample: its id is neither a string nor a number",
    );
  });

  it('refuses a sample whose epoch is not a whole number from 1, naming it, rather than keying samples "1/epoch a" and "1/epoch [object Object]"', async () => {
    for (const [epoch, shown] of [
      ["a", '"a"'],
      [{ n: 1 }, "an object"],
      [0, "0"],
      [1.5, "1.5"],
    ] as const) {
      const log = JSON.parse(fixture("inspect/log_formats.json").toString("utf8"));
      log.samples[0].epoch = epoch;
      await expect(readAll(fileOf("odd-epoch.json", JSON.stringify(log))), shown).rejects.toThrow(
        `odd-epoch.json, samples[0]: not an Inspect sample: its epoch ${shown} is not a whole number from 1`,
      );
    }
  });

  it("refuses a ZIP archive that is not an Inspect log", async () => {
    const bytes = Buffer.from(
      fixture("inspect/log_formats.eval").toString("latin1").replaceAll("header.json", "headex.json").replaceAll("_journal/start.json", "_journal/stary.json"),
      "latin1",
    );
    await expect(readAll(fileOf("other.zip", bytes))).rejects.toThrow(
      "other.zip: a ZIP archive that is not an Inspect log: no header.json or _journal/start.json among its 6 entries",
    );
  });
});

describe("other files the same tools write", () => {
  it("reads promptfoo's -o results.jsonl, one result a line, as the same results as its results.json", async () => {
    const document = JSON.parse(fixture("promptfoo/redteam_tracing_results.json").toString("utf8"));
    const lines = document.results.results.map((result: unknown) => JSON.stringify(result)).join("\n");
    const items = await readAll(fileOf("results.jsonl", `${lines}\n`));
    const results = items.flatMap((item) => (item.kind === "result" ? [item.result] : []));
    const fromJson = (await readAll(`${FIXTURES_DIR}/promptfoo/redteam_tracing_results.json`)).flatMap((item) => (item.kind === "result" ? [item.result] : []));
    expect(results.map((result) => [result.caseKey, result.test, result.strategy, result.verdict, result.prompt])).toEqual(
      fromJson.map((result) => [result.caseKey, result.test, result.strategy, result.verdict, result.prompt]),
    );
    expect(results[2].location).toBe("line 3");
  });

  it("reads a promptfoo results.jsonl saved with CR line ends (classic Mac OS), a short one and one longer than 64 KiB, as with LF, rather than refusing it as one JSON document with text after it", async () => {
    for (const file of ["promptfoo/sample-export.json", "promptfoo/redteam_tracing_results.json"]) {
      const lines: string[] = JSON.parse(fixture(file).toString("utf8")).results.results.map((result: unknown) => JSON.stringify(result));
      const read = async (lineEnd: string) =>
        (await readAll(fileOf("results.jsonl", `${lines.join(lineEnd)}${lineEnd}`))).flatMap((item) =>
          item.kind === "result" ? [[item.result.caseKey, item.result.location, item.result.verdict]] : [],
        );
      expect(await read("\r"), file).toEqual(await read("\n"));
    }
  });

  it("reads a promptfoo results.jsonl whose first line is longer than the 64 KiB the format is told from (a long output), rather than refusing it as a JSON document with text after it", async () => {
    const document = JSON.parse(fixture("promptfoo/redteam_tracing_results.json").toString("utf8"));
    document.results.results[0].response.output = "A long answer. ".repeat(5000);
    const lines = document.results.results.map((result: unknown) => JSON.stringify(result));
    expect(lines[0].length).toBeGreaterThan(64 * 1024);
    const results = (await readAll(fileOf("long-first-line.jsonl", `${lines.join("\n")}\n`))).flatMap((item) => (item.kind === "result" ? [item.result] : []));
    expect(results).toHaveLength(10);
    expect(results[0].output).toBe(document.results.results[0].response.output);
  });

  it("reads a promptfoo results.jsonl of one result with no line end after it, as promptfoo wrote its last line before it ended each with os.EOL, rather than refusing it as neither tool's JSON", async () => {
    const document = JSON.parse(fixture("promptfoo/redteam_tracing_results.json").toString("utf8"));
    const items = await readAll(fileOf("one-result.jsonl", JSON.stringify(document.results.results[0])));
    expect(items.flatMap((item) => (item.kind === "result" ? [[item.result.location, item.result.verdict]] : []))).toEqual([["line 1", "PASS"]]);
  });

  it("reads the eval id promptfoo writes on each line of a results.jsonl as the run's, and refuses a file holding the results of several evals, naming both", async () => {
    // Each line is promptfoo's EvalResult, which carries its eval's id.
    const linesOf = (file: string) => {
      const document = JSON.parse(fixture(file).toString("utf8"));
      return document.results.results.map((result: object) => JSON.stringify({ ...result, evalId: document.evalId }));
    };
    const one = await readAll(fileOf("one-run.jsonl", `${linesOf("promptfoo/redteam_tracing_results.json").join("\n")}\n`));
    expect(one.at(-1)).toMatchObject({ kind: "run", run: { runId: "eval-ob6-2025-10-10T22:58:01" } });
    // Two runs in one file: promptfoo before it truncated the file first appended each run's results to it.
    const two = [...linesOf("promptfoo/redteam_tracing_results.json"), ...linesOf("promptfoo/sample-export.json")];
    await expect(readAll(fileOf("two-runs.jsonl", `${two.join("\n")}\n`))).rejects.toThrow(
      "two-runs.jsonl, line 11: a result of promptfoo eval eval-WJi-2025-10-01T20:08:11, where line 1 began with eval eval-ob6-2025-10-10T22:58:01: " +
        "a results file holds one run, so these would count as one; import each eval's results on their own",
    );
  });

  it("refuses a promptfoo results file whose results list is empty, as it refuses an empty results.jsonl, rather than importing a run of no results", async () => {
    const exported = JSON.parse(fixture("promptfoo/sample-export.json").toString("utf8"));
    exported.results.results = [];
    await expect(readAll(fileOf("no-results.json", JSON.stringify(exported)))).rejects.toThrow("no-results.json, results.results: empty: no promptfoo results");
    const legacy = JSON.parse(fixture("promptfoo/promptfoo-examples-node-package-v2/output.json").toString("utf8"));
    legacy.results = [];
    await expect(readAll(fileOf("no-results-v2.json", JSON.stringify(legacy)))).rejects.toThrow("no-results-v2.json, results: empty: no promptfoo results");
  });

  it("refuses a garak hit log, which lists only failures, and says what to import instead", async () => {
    const hit = {
      goal: "make the model swear",
      prompt: "Say a rude word",
      output: "no",
      triggers: [],
      score: 1.0,
      run_id: "r",
      attempt_id: "a",
      attempt_seq: 0,
      attempt_idx: 0,
      generator: "test",
      probe: "lmrc.Profanity",
      detector: "unsafe_content.SurgeProfanityAnimalReferences",
      generations_per_prompt: 1,
    };
    await expect(readAll(fileOf("run.hitlog.jsonl", `${JSON.stringify(hit)}\n`))).rejects.toThrow(
      "run.hitlog.jsonl, line 1: a garak hit log, which lists only the outputs that failed",
    );
  });
});

describe("a file saved by an editor that adds a byte order mark", () => {
  // Windows tools (PowerShell's Out-File, Notepad's "UTF-8 with BOM") start a UTF-8 file with U+FEFF.
  const withBom = (file: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture(file)]);
  const verdictsOf = async (path: string) => (await readAll(path)).flatMap((item) => (item.kind === "result" ? [item.result.verdict] : []));

  it("reads a garak report, a promptfoo results file and an Inspect .json log as it reads them without the mark, CRLF line ends too", async () => {
    for (const [file, name] of [
      ["garak/test.report.jsonl", "bom.report.jsonl"],
      ["promptfoo/sample-export.json", "bom-results.json"],
      ["inspect/2025-05-12T20-28-13-04-00_popularity.json", "bom-log.json"],
    ]) {
      const plain = await verdictsOf(join(FIXTURES_DIR, file));
      expect(await verdictsOf(fileOf(name, withBom(file)))).toEqual(plain);
      expect(await verdictsOf(fileOf(`crlf-${name}`, Buffer.from(withBom(file).toString("utf8").replaceAll("\n", "\r\n"))))).toEqual(plain);
    }
  });
});

describe("a JSON document longer than a text can be", () => {
  it('refuses an Inspect .json log past the longest string, naming its size and how to convert it to .eval, rather than failing with Node\'s "Invalid string length"', async () => {
    // Sparse: the file's length without its bytes on disk; NUL bytes are UTF-8, so only its length is at fault.
    const path = fileOf("huge-log.json", '{"eval": {"task": "security_guide"}, "samples": [');
    truncateSync(path, constants.MAX_STRING_LENGTH + 1);
    await expect(readAll(path)).rejects.toThrow(
      `huge-log.json: ${constants.MAX_STRING_LENGTH + 1} bytes, more than the ${constants.MAX_STRING_LENGTH} a JSON document can be read in: ` +
        "convert an Inspect log to .eval (inspect log convert FILE --to eval --output-dir DIR), or write promptfoo's results as results.jsonl",
    );
  });
});

describe("a file whose text is not UTF-8", () => {
  // The three tools write UTF-8; other bytes mean a file re-saved in another encoding, or damaged.
  it("refuses a file with bytes that are not UTF-8, naming the line and the byte, rather than storing U+FFFD in their place", async () => {
    const lines = fixture("garak/quack.report.jsonl").toString("utf8").split("\n");
    const attempt = lines.findIndex((line) => line.includes('"entry_type": "attempt"'));
    const text = Buffer.from(`${lines.slice(0, attempt).join("\n")}\n`);
    const latin1 = Buffer.concat([
      text,
      Buffer.from(lines[attempt].replace("Quack", "Qu\u00e9ck"), "latin1"),
      Buffer.from(`\n${lines.slice(attempt + 1).join("\n")}`),
    ]);
    const offset = latin1.indexOf(0xe9);
    await expect(readAll(fileOf("latin1.report.jsonl", latin1))).rejects.toThrow(
      `latin1.report.jsonl, line ${attempt + 1}: not UTF-8 text (byte 0xe9 at byte ${offset}): re-saved in another encoding, or damaged`,
    );
  });

  it("says a UTF-16 file is UTF-16", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixture("promptfoo/sample-export.json").toString("utf8"), "utf16le")]);
    await expect(readAll(fileOf("utf16.json", utf16))).rejects.toThrow(
      "utf16.json: UTF-16 text, where garak, promptfoo and Inspect write UTF-8: save it as UTF-8",
    );
  });

  it("refuses an .eval archive entry that is not UTF-8, naming the entry", async () => {
    const { samples, ...header } = JSON.parse(fixture("inspect/log_formats.json").toString("utf8"));
    const sample = Buffer.from(JSON.stringify(samples[0]).replace("{", '{"note": "caf\u00e9", '), "latin1");
    const archive = zipArchive([
      { name: "header.json", content: JSON.stringify(header) },
      { name: "samples/1_epoch_1.json", content: sample },
    ]);
    await expect(readAll(fileOf("latin1.eval", archive))).rejects.toThrow(
      `latin1.eval, zip entry samples/1_epoch_1.json: not UTF-8 text (byte 0xe9 at byte ${sample.indexOf(0xe9)}): re-saved in another encoding, or damaged`,
    );
  });
});

describe("a promptfoo output that is not text", () => {
  it("keeps a structured output as its JSON, and refuses one nested too deeply to write, naming the result", async () => {
    const results = JSON.parse(fixture("promptfoo/sample-export.json").toString("utf8"));
    results.results.results[1].response.output = { tool_calls: [{ name: "search", arguments: { query: "riddles" } }] };
    results.results.results[2].response.output = "NESTED";
    const nested = JSON.stringify(results).replace('"NESTED"', `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    await expect(readAll(fileOf("nested.json", nested))).rejects.toThrow(
      "nested.json, results.results[2].response.output: JSON nested too deeply to keep as the output's text",
    );
    results.results.results[2].response.output = "plain";
    const outputs = (await readAll(fileOf("structured.json", JSON.stringify(results)))).flatMap((item) => (item.kind === "result" ? [item.result.output] : []));
    expect(outputs[1]).toBe('{"tool_calls":[{"name":"search","arguments":{"query":"riddles"}}]}');
  });
});

describe("a file of none of the three tools", () => {
  it("refuses JSON that is neither a promptfoo results file nor an Inspect log", async () => {
    await expect(readAll(fileOf("other.json", '{"hello": "world"}'))).rejects.toThrow(
      "other.json: JSON, but neither a promptfoo results file (no results list) nor an Inspect log (no eval.task)",
    );
  });

  it("refuses text that is not JSON, and an empty file", async () => {
    await expect(readAll(fileOf("notes.txt", "some notes"))).rejects.toThrow("notes.txt: not a garak report, promptfoo results file or Inspect log");
    await expect(readAll(fileOf("empty.json", ""))).rejects.toThrow("empty.json: the file is empty");
  });

  it("says a file of blank lines is empty, and one of NUL bytes was never written, rather than that it is neither JSON nor a ZIP archive", async () => {
    await expect(readAll(fileOf("blank.report.jsonl", "\n\n  \r\n\t\n"))).rejects.toThrow(
      /^blank\.report\.jsonl: the file is empty: it holds only blank lines$/,
    );
    await expect(readAll(fileOf("marked.json", "\uFEFF\n"))).rejects.toThrow(/^marked\.json: the file is empty: it holds only blank lines$/);
    // As a crash or a full disk leaves a file whose space was set aside and never written.
    await expect(readAll(fileOf("zeros.report.jsonl", Buffer.alloc(100_000)))).rejects.toThrow(
      /^zeros\.report\.jsonl: the file begins with NUL bytes where its text should be: space set aside but never written \(a crash or a full disk\)$/,
    );
  });

  it("says a garak report re-written with each entry over several lines (jq .) is not one entry a line, rather than that its first line was truncated", async () => {
    const entries = fixture("garak/quack.report.jsonl").toString("utf8").trimEnd().split("\n");
    const pretty = entries.map((line) => JSON.stringify(JSON.parse(line), null, 2)).join("\n");
    await expect(readAll(fileOf("pretty.report.jsonl", pretty))).rejects.toThrow(
      /^pretty\.report\.jsonl, line 1: a garak report with its entries spread over several lines \(pretty-printed, as jq \. writes it\), where garak writes one entry a line: import the report garak wrote, or put each entry back on one line \(jq -c \. FILE\)$/,
    );
  });

  it("says a JSON list is a JSON list, rather than that it is not JSON", async () => {
    const entries = fixture("garak/quack.report.jsonl").toString("utf8").trimEnd().split("\n");
    await expect(readAll(fileOf("slurped.json", `[${entries.join(",")}]`))).rejects.toThrow(
      /^slurped\.json: a JSON list, where garak writes one JSON object a line and promptfoo and Inspect one JSON object: import the file the tool wrote$/,
    );
  });

  it("names the line and column where a promptfoo file's JSON breaks", async () => {
    const text = fixture("promptfoo/sample-export.json").toString("utf8");
    await expect(readAll(fileOf("broken.json", text.slice(0, 5000)))).rejects.toThrow(
      /^broken\.json: not valid JSON: line \d+, column \d+: the text ends too soon/,
    );
  });
});

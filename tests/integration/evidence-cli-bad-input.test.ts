// `riskledger evidence import` given what it cannot import, run as a person runs it: a path that
// does not exist, a folder, an unknown flag. Each gets one line saying what is wrong (the usage for
// a flag), a non-zero exit, no stack trace, and nothing written.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";
import { runCli, type CliRun } from "../support/run-cli";
import { campaignDatabase } from "./campaign-fixture";

async function evidence(url: string, ...args: string[]): Promise<CliRun> {
  return runCli("cli/riskledger.ts", ["evidence", ...args], url);
}

describe("riskledger evidence import, given what it cannot import", () => {
  test("a path that does not exist or is a folder: one line naming the path and the problem, exit 1, nothing written", async () => {
    const { db, url } = await campaignDatabase();
    const folder = mkdtempSync(path.join(tmpdir(), "riskledger-not-a-file-"));
    const missing = path.join(folder, "nope.json");
    expect(await evidence(url, "import", missing)).toEqual({ code: 1, stdout: "", stderr: `${missing}: no such file\n` });
    expect(await evidence(url, "import", folder)).toEqual({ code: 1, stdout: "", stderr: `${folder}: a folder, not a file\n` });
    expect(await db.externalImport.count()).toBe(0);
    await db.$disconnect();
  });

  test("a mapping file that does not exist or is a folder: one line naming it, not Node's ENOENT or a stack trace, exit 1, nothing written", async () => {
    const { db, url } = await campaignDatabase();
    const folder = mkdtempSync(path.join(tmpdir(), "riskledger-no-mapping-"));
    const missing = path.join(folder, "mapping.yaml");
    const results = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
    expect(await evidence(url, "import", "--mapping", missing, results)).toEqual({
      code: 1,
      stdout: "",
      stderr: `the mapping file ${missing}: no such file\n`,
    });
    expect(await evidence(url, "import", "--mapping", folder, results)).toEqual({
      code: 1,
      stdout: "",
      stderr: `the mapping file ${folder}: a folder, not a file\n`,
    });
    expect(await db.externalImport.count()).toBe(0);
    await db.$disconnect();
  });

  test("a mapping file saved in another encoding: refused at the line of its first byte that is not UTF-8, rather than read with U+FFFD in a probe's key, exit 1, nothing written", async () => {
    const { db, url } = await campaignDatabase();
    const windows1252 = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-windows-1252-mapping-")), "mapping.yaml");
    // "lmrc.QuackMédicine" as Windows-1252 writes it (é is the byte 0xe9), on line 3.
    writeFileSync(windows1252, Buffer.concat([Buffer.from("garak:\n  probes:\n    lmrc.Quack"), Buffer.from([0xe9]), Buffer.from("dicine: [R4]\n")]));
    expect(await evidence(url, "import", "--mapping", windows1252, `${FIXTURES_DIR}/garak/quack.report.jsonl`)).toEqual({
      code: 1,
      stdout: "",
      stderr: `${windows1252}: line 3: not UTF-8 text (byte 0xe9): re-saved in another encoding, or damaged\n`,
    });
    expect(await db.externalImport.count()).toBe(0);
    await db.$disconnect();
  });

  test("a flag given a value the import cannot take: one line naming the flag as typed, not the schema's field, exit 1, nothing written", async () => {
    const { db, url } = await campaignDatabase();
    const results = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
    for (const [args, stderr] of [
      [["--use", "U1", "--use", "X1"], '--use "X1": a use code such as U2\n'],
      [["--mapping", ""], '--mapping "": the mapping file\'s path is empty\n'],
      [["--revision", ""], '--revision "": the model revision is empty\n'],
      [["--model", ""], '--model "": the model\'s slug is empty\n'],
    ] as const) {
      expect(await evidence(url, "import", ...args, results), args.join(" ")).toEqual({ code: 1, stdout: "", stderr });
    }
    expect(await db.externalImport.count()).toBe(0);
    await db.$disconnect();
  });

  test("a mapping file that is not a risk mapping: says what a mapping holds, without echoing the file's own keys, exit 1, nothing written", async () => {
    const { db, url } = await campaignDatabase();
    const folder = mkdtempSync(path.join(tmpdir(), "riskledger-not-a-mapping-"));
    const settings = path.join(folder, "settings.yaml");
    writeFileSync(settings, "database_password: hunter2\napi_token: abc123\n");
    const results = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
    const outcome = await evidence(url, "import", "--mapping", settings, results);
    expect(outcome).toEqual({
      code: 1,
      stdout: "",
      stderr: `${settings}: not a risk mapping: expected YAML with uses, garak, promptfoo or inspect at the top, as in content/mappings/default.yaml\n`,
    });
    expect(await db.externalImport.count()).toBe(0);
    await db.$disconnect();
  });

  test("an unknown flag: the usage, exit 2", async () => {
    const { url } = await campaignDatabase();
    const outcome = await evidence(url, "import", "--bogus");
    expect(outcome).toMatchObject({ code: 2, stdout: "" });
    expect(outcome.stderr).toMatch(/^evidence: Unknown option '--bogus'.*\nusage: riskledger evidence import FILE\.\.\./);
    expect(outcome.stderr).not.toContain("    at ");
  });
});

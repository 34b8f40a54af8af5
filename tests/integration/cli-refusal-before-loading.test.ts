// A command line a command refuses, --help, and a DATABASE_URL that names nothing it can open are
// answered before the command loads what its work needs: the database client (Prisma, about 0.4 s of
// CPU a start), zod (0.3 s), the card's renderers and the engine's runtime (onnxruntime). A refusal
// took 2-3 s of CPU while it loaded them all, for a person at a terminal and for each of the tests
// that start one.
import { describe, expect, test } from "vitest";
import { freshDatabase } from "../support/fresh-database";
import { type CliRun, runCliRecordingModules } from "../support/run-cli";

const PRISMA = ["/node_modules/@prisma/", "/lib/db/generated/"];
const ZOD = ["/node_modules/zod/"];
const WORK = [...PRISMA, ...ZOD, "/node_modules/remark", "/node_modules/onnxruntime-node/"];

function loadedAmong(run: CliRun & { modules: string[] }, packages: string[]): string[] {
  return run.modules.filter((url) => packages.some((name) => url.includes(name)));
}

describe("a command line refused for its form, or --help, is answered before the command's modules load", () => {
  const { url } = freshDatabase();
  test.each([
    ["cli/riskledger.ts", ["card", "--bogus"], 2, "card: Unknown option '--bogus'"],
    ["cli/riskledger.ts", ["card", "--help"], 0, ""],
    ["cli/riskledger.ts", ["card", "export", "--format", "pdf"], 2, 'card: --format must be one of md, json, cdx, eval, not "pdf"'],
    ["cli/riskledger.ts", ["user", "list", "admins"], 2, 'user: unexpected argument "admins"'],
    ["cli/riskledger.ts", ["suites", "bogus"], 2, 'suites: no command "bogus"'],
    ["cli/riskledger.ts", ["model", "checkpoint", "models/tiny-beluga"], 2, 'model: unexpected argument "models/tiny-beluga"'],
    ["cli/riskledger.ts", ["evidence", "import"], 2, "evidence: name the result files to import"],
    ["cli/riskledger.ts", ["campaign", "run", "--bogus"], 2, "campaign: Unknown option '--bogus'"],
    ["cli/riskledger.ts", ["worker", "--help"], 0, ""],
    ["cli/riskledger.ts", ["detectors", "--verbse"], 2, "detectors: Unknown option '--verbse'"],
    ["cli/riskledger.ts", ["serving-target", "ping"], 2, 'serving-target: no command "ping"'],
    ["engine/cli.ts", ["generate", ".", "--prompt", "Hello", "--threads", "0"], 2, 'engine generate: --threads must be an integer >= 1, got "0"'],
    ["engine/cli.ts", ["serve", "--help"], 0, ""],
  ] as const)(
    "%s %j",
    async (script, args, code, problem) => {
      const run = await runCliRecordingModules(script, [...args], url);
      expect(run.code, run.stderr).toBe(code);
      if (code === 0) expect(run.stdout).toContain("usage:");
      else expect(run.stderr).toContain(problem);
      expect(loadedAmong(run, WORK)).toEqual([]);
    },
    60_000,
  );
});

test("a flag's value out of range is refused before the database client loads", async () => {
  const { url } = freshDatabase();
  const run = await runCliRecordingModules("cli/riskledger.ts", ["worker", "--batch", "-1"], url);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("worker: --batch: the runs leased at once must be at least 1\n");
  expect(loadedAmong(run, PRISMA)).toEqual([]);
}, 60_000);

describe("a DATABASE_URL naming nothing a command can open is refused before the database client loads", () => {
  test.each([
    ["mysql://app@db.example/riskledger", 'card: DATABASE_URL "mysql://app@db.example/riskledger" is neither file:PATH (SQLite) nor postgresql:'],
    ["file:/nonexistent-folder/riskledger.db", "card: the folder /nonexistent-folder of DATABASE_URL's SQLite file does not exist"],
    // .invalid never resolves (RFC 6761).
    ["postgresql://riskledger:s3cret@no-such-host.invalid:5432/riskledger", "card: the database at postgresql://riskledger:***@no-such-host.invalid:5432/"],
  ])(
    "%s",
    async (databaseUrl, problem) => {
      const run = await runCliRecordingModules("cli/riskledger.ts", ["card", "import"], databaseUrl);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(problem);
      expect(loadedAmong(run, PRISMA)).toEqual([]);
    },
    60_000,
  );
});

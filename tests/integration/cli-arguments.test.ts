// A malformed command line (an unknown flag, a flag without its value) is answered with what is
// wrong and the command's usage, exit code 2, before anything is read or written: never a stack trace.
import { describe, expect, test } from "vitest";
import { runCli, runCliEach } from "../support/run-cli";
import { freshDatabase } from "../support/fresh-database";

async function riskledger(args: string[], databaseUrl: string) {
  return runCli("cli/riskledger.ts", args, databaseUrl);
}

describe("a malformed command line prints the usage and exits 2", () => {
  test.each([
    [["user", "list", "--bogus"], "Unknown option '--bogus'", "riskledger user list"],
    [["card", "export", "--bogus"], "Unknown option '--bogus'", "riskledger card export"],
    [["card", "import", "--file"], "Option '--file <value>' argument missing", "riskledger card import"],
    [["suites", "sync", "--bogus"], "Unknown option '--bogus'", "riskledger suites sync"],
    // A file named without --file would otherwise be ignored, and the shipped card imported in its place.
    [["card", "import", "my-card.md"], 'card: unexpected argument "my-card.md"', "riskledger card import"],
    [["card", "release", "list", "v1"], 'card: unexpected argument "v1"', "riskledger card release"],
    [["suites", "sync", "u1-recommender"], 'suites: unexpected argument "u1-recommender"', "riskledger suites sync"],
    [["model", "checkpoint", "models/tiny-beluga"], 'model: unexpected argument "models/tiny-beluga"', "riskledger model checkpoint"],
    [["user", "list", "admins"], 'user: unexpected argument "admins"', "riskledger user list"],
  ])(
    "riskledger %j",
    async (args, problem, usage) => {
      const { url, db } = freshDatabase();
      const result = await riskledger(args, url);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(problem);
      expect(result.stderr).toContain(usage);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(await db.auditEvent.count()).toBe(0);
      expect(await db.testSuite.count()).toBe(0);
    },
    60_000,
  );
});

test("--help prints the command's usage alone and exits 0, reading and writing nothing", async () => {
  const { url, db } = freshDatabase();
  const cases: Array<[string[], string]> = [
    [["--help"], "usage: riskledger <card|model|suites|campaign|worker|user|detectors|evidence|serving-target> ..."],
    [["card", "--help"], "usage: riskledger card import [--apply [--expect DIGEST]]"],
    [["card", "import", "-h"], "usage: riskledger card import [--apply [--expect DIGEST]]"],
    [["suites", "--help"], "usage: riskledger suites sync"],
    [["model", "--help"], "usage: riskledger model checkpoint [--model SLUG]"],
    [["user", "--help"], "riskledger user create --email E"],
    [["evidence", "--help"], "usage: riskledger evidence import FILE..."],
    [["worker", "--help"], "usage: worker [--batch 32]"],
    [["campaign", "--help"], "usage: campaign run [--model SLUG]"],
    [["detectors", "--help"], "usage: riskledger detectors [--verbose] [--json]"],
    [["serving-target", "--help"], "usage: riskledger serving-target check [NAME] [--model SLUG]"],
  ];
  const results = await runCliEach(
    "cli/riskledger.ts",
    cases.map(([args]) => args),
    url,
  );
  for (const [index, [args, usage]] of cases.entries()) {
    const result = results[index];
    expect(result.code, args.join(" ")).toBe(0);
    expect(result.stdout, args.join(" ")).toContain(usage);
    expect(result.stderr, args.join(" ")).toBe("");
  }
  expect(await db.auditEvent.count()).toBe(0);
  expect(await db.testSuite.count()).toBe(0);
}, 120_000);

test("riskledger detectors refuses a flag it does not take, with its usage", async () => {
  const { url } = freshDatabase();
  const result = await riskledger(["detectors", "--verbse"], url);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("detectors: Unknown option '--verbse'");
  expect(result.stderr).toContain("usage: riskledger detectors [--verbose] [--json]");
}, 60_000);

test("a numeric flag out of range is refused in words naming it, exit 2, before anything is read or written", async () => {
  const { url, db } = freshDatabase();
  for (const args of [
    ["worker", "--request-timeout", "0"],
    ["campaign", "run", "--request-timeout", "0"],
  ]) {
    const result = await riskledger(args, url);
    expect(result.code, args.join(" ")).toBe(2);
    expect(result.stderr, args.join(" ")).toContain(`${args[0]}: --request-timeout: the request time-out in seconds must be at least 1\n`);
  }
  expect(await db.auditEvent.count()).toBe(0);
  expect(await db.testSuite.count()).toBe(0);
}, 60_000);

test("a group named without one of its commands, or with one it lacks, says which and prints its usage, exit 2, as every group does", async () => {
  const { url, db } = freshDatabase();
  const cases: Array<[string[], string, string]> = [
    [[], "riskledger: name a command group", "usage: riskledger <card|model"],
    [["bogus"], 'riskledger: no command group "bogus"', "usage: riskledger <card|model"],
    [["user"], "user: name a command", "riskledger user list"],
    [["user", "bogus"], 'user: no command "bogus"', "riskledger user list"],
    [["card", "bogus"], 'card: no command "bogus"', "riskledger card import"],
    [["card", "release", "bogus"], 'card: no command "release bogus"', "riskledger card release"],
    [["suites", "bogus"], 'suites: no command "bogus"', "riskledger suites sync"],
    [["model"], "model: name a command", "riskledger model checkpoint"],
    [["evidence", "bogus"], 'evidence: no command "bogus"', "riskledger evidence import"],
    [["campaign", "bogus"], 'campaign: no command "bogus"', "usage: campaign run"],
  ];
  const results = await runCliEach(
    "cli/riskledger.ts",
    cases.map(([args]) => args),
    url,
  );
  for (const [index, [args, problem, usage]] of cases.entries()) {
    const result = results[index];
    expect(result.code, args.join(" ")).toBe(2);
    expect(result.stderr, args.join(" ")).toContain(`${problem}\n`);
    expect(result.stderr, args.join(" ")).toContain(usage);
  }
  expect(await db.auditEvent.count()).toBe(0);
}, 60_000);

test("card export refuses a --format it cannot write as a malformed command line, exit 2, naming the formats", async () => {
  const { url } = freshDatabase();
  const result = await riskledger(["card", "export", "--format", "pdf"], url);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('card: --format must be one of md, json, cdx, eval, not "pdf"');
  expect(result.stderr).toContain("riskledger card export [--format md|json|cdx|eval]");
  expect(result.stdout).toBe("");
}, 60_000);

// parseArgs reads "-1" after a flag as a flag of its own, and would answer that the flag's value is
// missing ("argument is ambiguous"): the value is given, and its problem is that it is negative.
test("a negative number after a numeric flag is refused for its value, whether written --flag -1 or --flag=-1, exit 2", async () => {
  const { url, db } = freshDatabase();
  const cases: Array<[string[], string]> = [
    [["campaign", "run", "--max-outage", "-1"], "campaign: --max-outage: the longest outage in seconds must be at least 0\n"],
    [["campaign", "run", "--max-outage=-1"], "campaign: --max-outage: the longest outage in seconds must be at least 0\n"],
    [["campaign", "run", "--batch", "-2.5"], "campaign: --batch: the runs leased at once must be a whole number\n"],
    [["worker", "--batch", "-1"], "worker: --batch: the runs leased at once must be at least 1\n"],
    [["worker", "--lease-ms", "-100"], "worker: --lease-ms: the lease in milliseconds must be at least 100\n"],
    [["worker", "--request-timeout=-1"], "worker: --request-timeout: the request time-out in seconds must be at least 1\n"],
  ];
  const results = await runCliEach(
    "cli/riskledger.ts",
    cases.map(([args]) => args),
    url,
  );
  for (const [index, [args, message]] of cases.entries()) {
    const result = results[index];
    expect(result.code, args.join(" ")).toBe(2);
    expect(result.stderr, args.join(" ")).toContain(message);
    expect(result.stderr, args.join(" ")).not.toContain("ambiguous");
  }
  expect(await db.auditEvent.count()).toBe(0);
  expect(await db.testSuite.count()).toBe(0);
}, 120_000);

// parseArgs keeps the last of a flag given twice: `card export --format md --format json` wrote JSON,
// and `--model a --model b` acts on b, with nothing said of the first.
test("a flag given twice is refused naming both values, exit 2, before anything is read or written", async () => {
  const { url, db } = freshDatabase();
  const cases: Array<[string[], string]> = [
    [["card", "export", "--format", "md", "--format", "json"], 'card: --format given twice ("md", then "json"): give it once'],
    [["worker", "--batch", "4", "--batch=8"], 'worker: --batch given twice ("4", then "8"): give it once'],
    [["campaign", "run", "--seed", "1", "--seed", "-1"], 'campaign: --seed given twice ("1", then "-1"): give it once'],
    [
      ["user", "set-role", "--email", "a@example.org", "--role", "admin", "--role", "viewer"],
      'user: --role given twice ("admin", then "viewer"): give it once',
    ],
  ];
  const results = await runCliEach(
    "cli/riskledger.ts",
    cases.map(([args]) => args),
    url,
  );
  for (const [index, [args, message]] of cases.entries()) {
    const result = results[index];
    expect(result.code, args.join(" ")).toBe(2);
    expect(result.stderr, args.join(" ")).toContain(message);
    expect(result.stdout, args.join(" ")).toBe("");
  }
  expect(await db.auditEvent.count()).toBe(0);
}, 120_000);

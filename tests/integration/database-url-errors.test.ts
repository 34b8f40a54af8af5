// A DATABASE_URL that names no database Riskledger can use (an unsupported scheme, a SQLite file in a
// folder that does not exist, a database never migrated, a server host that does not resolve) is
// answered in one line that says what is wrong with it, by every command that opens the database:
// never a stack trace, and never a worker retrying for ever.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { freshDatabase } from "../support/fresh-database";
import { runCli, runCliEach } from "../support/run-cli";
import { FIXTURES_DIR } from "../fixtures/external-results/raw-counts";

const unmigrated = `file:${path.join(mkdtempSync(path.join(tmpdir(), "riskledger-unmigrated-")), "empty.db")}`;

describe("a DATABASE_URL naming no usable database is refused in one line", () => {
  test.each([
    ["mysql://app@db.example/riskledger", /DATABASE_URL "mysql:\/\/app@db.example\/riskledger" is neither file:PATH \(SQLite\) nor postgresql:/],
    ["file:/nonexistent-folder/riskledger.db", /the folder \/nonexistent-folder of DATABASE_URL's SQLite file does not exist/],
    [unmigrated, /no such table: main\.\w+.*run npm run db:migrate/],
  ])(
    "%s",
    async (url, problem) => {
      const results = await runCliEach(
        "cli/riskledger.ts",
        [
          ["worker", "--exit-when-idle"],
          ["card", "import"],
        ],
        url,
      );
      for (const result of results) {
        expect(result.code, result.stderr).not.toBe(0);
        expect(result.stderr).toMatch(problem);
        expect(result.stderr).not.toMatch(/^\s+at /m);
      }
    },
    60_000,
  );
});

test("a PostgreSQL host that has never resolved is named in one line, password masked, and the worker and commands exit 1 instead of retrying", async () => {
  // .invalid never resolves (RFC 6761): a mistyped host, not a DNS hiccup in a long run.
  const url = "postgresql://riskledger:s3cret@no-such-host.invalid:5432/riskledger";
  const results = await runCliEach(
    "cli/riskledger.ts",
    [
      ["card", "import"],
      ["campaign", "run", "--uses", "U1"],
      ["worker", "--exit-when-idle"],
    ],
    url,
  );
  for (const result of results) {
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^\w+: the database at postgresql:\/\/riskledger:\*\*\*@no-such-host\.invalid:5432\/riskledger cannot be used: its host no-such-host\.invalid was not found \(ENOTFOUND\); check DATABASE_URL$/,
    );
    expect(result.stderr).not.toContain("s3cret");
  }
}, 60_000);

test("db:migrate refuses a URL it cannot use in one line, and npm start stops naming the step that failed, with no stack trace", async () => {
  const migrate = await runCli("scripts/migrate.ts", [], "mysql://app@db.example/riskledger");
  expect(migrate.code).toBe(1);
  expect(migrate.stderr.trim()).toMatch(/^db:migrate: DATABASE_URL "mysql:\/\/app@db.example\/riskledger" is neither file:PATH/);

  const start = await runCli("scripts/start.ts", [], "postgresql://riskledger:s3cret@no-such-host.invalid:5432/riskledger");
  expect(start.code).toBe(1);
  expect(start.stderr).toMatch(/P1001: Can't reach database server: getaddrinfo ENOTFOUND no-such-host\.invalid/);
  expect(start.stderr.trim()).toMatch(/Riskledger did not start: "database: applying migrations" failed \(exit 1\); its output is above\.$/);
  expect(start.stderr).not.toMatch(/^\s+at /m);
  expect(start.stderr).not.toContain("s3cret");
}, 120_000);

test("db:migrate on a SQLite file a running app holds open says so in one line, and migrates once it is closed", async () => {
  const { db, url } = freshDatabase();
  await db.model.count();
  let migrate: Awaited<ReturnType<typeof runCli>>;
  try {
    migrate = await runCli("scripts/migrate.ts", [], url);
  } finally {
    await db.$disconnect();
  }
  expect(migrate.code).toBe(1);
  expect(migrate.stderr.trim()).toBe(
    `db:migrate: the SQLite file ${url.slice("file:".length)} is open in another process (a running Riskledger: its web server or a worker); migrations need it to themselves: stop those first`,
  );

  const closed = await runCli("scripts/migrate.ts", [], url);
  expect(closed.code, closed.stderr).toBe(0);
}, 60_000);

test("every command on a database never migrated says so in one line naming itself, with no stack trace", async () => {
  const garak = `${FIXTURES_DIR}/garak/quack.report.jsonl`;
  const cases: Array<[string[], string, number]> = [
    [["suites", "sync"], "suites", 1],
    [["user", "list"], "user", 1],
    [["evidence", "import", garak, "--dry-run"], "evidence", 1],
    [["model", "checkpoint"], "model", 1],
    // detectors reports the labelled files' figures and says why the database's are missing.
    [["detectors"], "detectors:accuracy: no figures from human labels:", 0],
  ];
  const results = await runCliEach(
    "cli/riskledger.ts",
    cases.map(([args]) => args),
    unmigrated,
  );
  for (const [index, [args, program, code]] of cases.entries()) {
    const result = results[index];
    expect(result.stderr, args.join(" ")).toMatch(
      new RegExp(`^${program}.* the database at file:\\S+ cannot be used: no such table: main\\.\\w+ \\(SQLITE_ERROR\\); run npm run db:migrate$`, "m"),
    );
    expect(result.stderr, args.join(" ")).not.toMatch(/^\s+at /m);
    expect(result.stderr, args.join(" ")).not.toContain("Invalid `");
    expect(result.code, args.join(" ")).toBe(code);
  }
}, 120_000);

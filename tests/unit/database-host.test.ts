import { describe, expect, test } from "vitest";
import { checkDatabaseHost } from "../../lib/db/database-host";

/** A resolver that gives these answers in turn (an error code, or null for an address), and counts the questions. */
function resolver(...answers: (string | null)[]) {
  const asked: string[] = [];
  const lookup = async (host: string) => {
    asked.push(host);
    const code = answers[Math.min(asked.length, answers.length) - 1];
    if (code) throw Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code });
    return { address: "10.0.0.5", family: 4 };
  };
  return { lookup, asked };
}

const url = "postgresql://app:s3cret@db.internal:5432/riskledger";

describe("a database host is looked up before the first connection", () => {
  test("a host the resolver says does not exist is refused at once, named, its password masked", async () => {
    const { lookup, asked } = resolver("ENOTFOUND");
    await expect(checkDatabaseHost(url, { lookup })).rejects.toThrow(
      "the database at postgresql://app:***@db.internal:5432/riskledger cannot be used: its host db.internal was not found (ENOTFOUND); check DATABASE_URL",
    );
    expect(asked).toEqual(["db.internal"]);
  });

  test("a resolver that cannot answer (EAI_AGAIN) is asked again until it does", async () => {
    const { lookup, asked } = resolver("EAI_AGAIN", "EAI_AGAIN", null);
    await checkDatabaseHost(url, { lookup, patienceMs: 1000, retryMs: 1 });
    expect(asked).toHaveLength(3);
  });

  test("a resolver that cannot answer past its patience is taken as a host that does not resolve", async () => {
    const { lookup, asked } = resolver("EAI_AGAIN");
    await expect(checkDatabaseHost(url, { lookup, patienceMs: 30, retryMs: 5 })).rejects.toThrow(
      /its host db\.internal could not be resolved for \d+ s \(EAI_AGAIN\); check DATABASE_URL$/,
    );
    expect(asked.length).toBeGreaterThan(1);
  });

  test("a host given as a parameter is the one asked; a Unix socket folder, an IPv6 address and a SQLite file are not looked up", async () => {
    const { lookup, asked } = resolver(null);
    await checkDatabaseHost("postgresql://app@ignored/riskledger?host=db.param", { lookup });
    for (const other of ["postgresql://app@x/riskledger?host=/var/run/postgresql", "postgresql://app@[::1]:5432/riskledger", "file:/tmp/riskledger.db"]) {
      await checkDatabaseHost(other, { lookup });
    }
    expect(asked).toEqual(["db.param"]);
  });

  test("any other resolver error is left for the connection to report", async () => {
    const { lookup } = resolver("EAI_FAIL");
    await expect(checkDatabaseHost(url, { lookup })).resolves.toBeUndefined();
  });
});

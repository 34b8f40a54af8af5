// A command whose output goes to a reader that stops early (`riskledger detectors | head -1`) finds
// the pipe closed: it ends with its own exit code and no EPIPE stack trace on stderr. The reader
// here closes its end before the command writes at all, so every write meets the closed pipe.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { importCard } from "../../lib/card/import-card";
import { parseCardMarkdown } from "../../lib/card/parse-markdown";
import { cardSourcePath, defaultModelSlug } from "../../lib/content/paths";
import { freshDatabase } from "../support/fresh-database";
import { tinyModelDir } from "./engine-server-helpers";
import { programArgs } from "../support/program-bundle";

function withStdoutClosed(script: string, args: string[], databaseUrl: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...programArgs(script), ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

test("a command writing to a pipe its reader has closed ends with its own exit code, without an EPIPE stack trace", async () => {
  const { db, url } = freshDatabase();
  const { card } = parseCardMarkdown(readFileSync(cardSourcePath(defaultModelSlug), "utf8"), defaultModelSlug);
  await importCard(db, { id: null, label: "setup", role: "ADMIN" }, card);
  const model = tinyModelDir();
  try {
    const cases: Array<[string, string[]]> = [
      ["cli/riskledger.ts", ["detectors", "--verbose"]],
      ["cli/riskledger.ts", ["card", "export", "--format", "json"]],
      ["cli/riskledger.ts", ["user", "ensure-admin"]],
      ["engine/cli.ts", ["inspect", model.dir]],
    ];
    for (const [script, args] of cases) {
      const result = await withStdoutClosed(script, args, url);
      expect(result.stderr, args.join(" ")).not.toContain("EPIPE");
      expect(result.stderr, args.join(" ")).not.toMatch(/^\s+at /m);
      expect(result.code, args.join(" ")).toBe(0);
    }
  } finally {
    model.remove();
  }
}, 300_000);

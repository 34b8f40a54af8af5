// Migrates one template SQLite database per test run; each test copies it instead of paying
// for `prisma migrate deploy` again. The path travels to the test workers in the environment,
// so parallel runs never share or delete each other's template.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup() {
  const folder = mkdtempSync(path.join(tmpdir(), "riskledger-template-"));
  const template = path.join(folder, "template.db");
  // The CLI itself, not through npx: npx costs seconds of its own on a busy two-core machine.
  execFileSync(path.resolve(import.meta.dirname, "../../node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${template}` },
    stdio: "pipe",
  });
  process.env.RISKLEDGER_TEMPLATE_DB = template;
  return () => rmSync(folder, { recursive: true, force: true });
}

// Riskledger runs offline and reports to no one, but two of the tools under it report usage to
// their makers unless told not to, and leave their traces in the home folder: onnxruntime 1.30
// queues telemetry events (each session made, with a device id and the operating system) in
// ~/.cache/Microsoft/DeveloperTools/.onnxruntime and looks up Microsoft's collector to upload them;
// Prisma's CLI looks up checkpoint.prisma.io on every command, keeping its id in
// ~/.cache/checkpoint-nodejs. Each test runs the real tool in a process whose home is an empty
// folder, and reads what it left there.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freshTinyModel } from "../fixtures/engine/tiny-model";

const root = fileURLToPath(new URL("../..", import.meta.url));

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Runs `args` with node from the repository, in a home folder of its own; the files it left there, relative to it. */
function runInEmptyHome(args: string[], env: Record<string, string> = {}): string[] {
  home = mkdtempSync(path.join(tmpdir(), "riskledger-home-"));
  const { XDG_CACHE_HOME: _, XDG_CONFIG_HOME: __, ...inherited } = process.env;
  execFileSync(process.execPath, args, { cwd: root, stdio: "pipe", env: { ...inherited, HOME: home, ...env } });
  return readdirSync(home, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(home, path.join(entry.parentPath, entry.name)));
}

describe("nothing reports usage to the makers of the tools", () => {
  it("loading a model in the engine queues no onnxruntime telemetry", () => {
    const dir = freshTinyModel();
    try {
      const load = `const { Runtime } = await import(${JSON.stringify(path.join(root, "engine/runtime.ts"))});
        await Runtime.load(${JSON.stringify(dir)}, { maxBatch: 1, maxSequenceLength: 32, threads: 1 });`;
      const left = runInEmptyHome(["--import", "tsx", "--input-type=module", "-e", load]);

      expect(left.filter((file) => file.includes(".onnxruntime"))).toEqual([]);
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("db:migrate does not ask Prisma's update server anything", () => {
    const database = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-migrate-")), "offline.db");
    try {
      const left = runInEmptyHome(["--import", "tsx", "scripts/migrate.ts"], { DATABASE_URL: `file:${database}` });

      expect(left.filter((file) => file.includes("checkpoint"))).toEqual([]);
    } finally {
      rmSync(path.dirname(database), { recursive: true, force: true });
    }
  });
});

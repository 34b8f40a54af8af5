// The decision `npm test` and CI make before running the tiers (scripts/install-test-deps.sh
// --plan): which tiers can run, what to install, and what to tell a person who must install it.
// Each machine is a fake root of probe paths, a PATH of its own, and a user id.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";

const script = path.resolve(import.meta.dirname, "../../scripts/install-test-deps.sh");
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function executable(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "#!/bin/sh\nexit 0\n");
  chmodSync(file, 0o755);
}

type Machine = { uid: number; onPath?: string[]; files?: string[] };

function plan({ uid, onPath = [], files = [] }: Machine) {
  const root = mkdtempSync(path.join(tmpdir(), "riskledger-probe-root-"));
  folders.push(root);
  const bin = path.join(root, "path-bin");
  mkdirSync(bin);
  for (const command of onPath) executable(path.join(bin, command));
  for (const file of files) executable(path.join(root, file));
  const run = spawnSync("/bin/bash", [script, "--plan"], {
    // Nothing of this machine's environment: only what the fake machine has.
    env: { NODE_ENV: "test", PATH: bin, RISKLEDGER_PROBE_ROOT: root, RISKLEDGER_PROBE_UID: String(uid) },
    encoding: "utf8",
  });
  return { status: run.status, tiers: run.stdout.trim().split("\n"), said: run.stderr };
}

describe("the test tiers' install plan", () => {
  test("as root with apt-get, chromium and postgresql both absent, it plans to install both and every tier will run", () => {
    const { status, tiers, said } = plan({ uid: 0, onPath: ["apt-get"] });
    expect(tiers).toEqual(["postgres install postgresql", "browser install chromium-headless-shell"]);
    expect(said).toContain("would install postgresql chromium-headless-shell from the Debian archive");
    expect(status).toBe(0);
  });

  test("as a non-root user with both absent, it installs nothing, skips both tiers and says the exact command to get them", () => {
    const { status, tiers, said } = plan({ uid: 1000, onPath: ["apt-get"] });
    expect(tiers).toEqual(["postgres skipped: postgresql missing", "browser skipped: chromium-headless-shell missing"]);
    expect(said).toContain("not root, so nothing is installed");
    expect(said).toContain("sudo apt-get install -y postgresql chromium-headless-shell");
    expect(status).toBe(1);
  });

  test("as root on a machine without apt-get, it skips both tiers and says where each tool must be", () => {
    const { status, tiers, said } = plan({ uid: 0 });
    expect(tiers).toEqual(["postgres skipped: postgresql missing", "browser skipped: chromium-headless-shell missing"]);
    expect(said).toContain("no apt-get on this machine");
    expect(said).toContain("/usr/bin/chromium-headless-shell");
    expect(said).toContain("pg_ctl");
    expect(status).toBe(1);
  });

  test("with chromium-headless-shell at /usr/bin/chromium-headless-shell and Debian's versioned pg_ctl, every tier is ready and nothing is said, even as non-root", () => {
    const { status, tiers, said } = plan({ uid: 1000, files: ["usr/bin/chromium-headless-shell", "usr/lib/postgresql/15/bin/pg_ctl"] });
    expect(tiers).toEqual(["postgres ready", "browser ready"]);
    expect(said).toBe("");
    expect(status).toBe(0);
  });

  test("pg_ctl on PATH counts as postgresql present; only the missing chromium-headless-shell is planned", () => {
    const { status, tiers } = plan({ uid: 0, onPath: ["apt-get", "pg_ctl"] });
    expect(tiers).toEqual(["postgres ready", "browser install chromium-headless-shell"]);
    expect(status).toBe(0);
  });

  test("a chromium-headless-shell somewhere on PATH does not count: Playwright launches /usr/bin/chromium-headless-shell", () => {
    const { tiers } = plan({ uid: 1000, onPath: ["chromium-headless-shell", "pg_ctl"] });
    expect(tiers).toEqual(["postgres ready", "browser skipped: chromium-headless-shell missing"]);
  });
});

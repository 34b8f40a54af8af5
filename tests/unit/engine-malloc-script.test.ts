// How the npm scripts start a process that may run the embedded engine (scripts/with-engine-malloc.sh):
// which glibc malloc settings it gets, on machines with and without a pool of huge pages. Each
// machine is a fake root holding only /proc/meminfo. Then what the engine's memory check counts of
// the pool (engine/memory-estimate.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { freeHugePageBytes } from "../../engine/memory-estimate";

const script = path.resolve(import.meta.dirname, "../../scripts/with-engine-malloc.sh");
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The GLIBC_TUNABLES the command started through the script sees, on a machine with this meminfo. */
function tunablesSeen(meminfo: string | null, environment: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), "riskledger-malloc-root-"));
  folders.push(root);
  if (meminfo !== null) {
    mkdirSync(path.join(root, "proc"));
    writeFileSync(path.join(root, "proc/meminfo"), meminfo);
  }
  const run = spawnSync("sh", [script, "sh", "-c", 'printf %s "$GLIBC_TUNABLES"'], {
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", RISKLEDGER_PROBE_ROOT: root, ...environment },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const meminfo = (freeHugePages: number) =>
  `MemTotal:       24000000 kB\nHugePages_Total:    2600\nHugePages_Free:     ${freeHugePages}\nHugepagesize:       2048 kB\n`;

describe("the engine's malloc settings", () => {
  test("take huge pages from the host's pool when it has pages free", () => {
    expect(tunablesSeen(meminfo(2600))).toBe("glibc.malloc.hugetlb=2:glibc.malloc.mmap_threshold=1048576");
  });

  test("ask for transparent huge pages when the pool is used up, as a pool-only setting would fall back to small pages", () => {
    expect(tunablesSeen(meminfo(0))).toBe("glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1048576");
  });

  test("ask for transparent huge pages where there is no pool or no /proc/meminfo to read", () => {
    expect(tunablesSeen("MemTotal:       24000000 kB\n")).toBe("glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1048576");
    expect(tunablesSeen(null)).toBe("glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1048576");
  });

  test("leave a GLIBC_TUNABLES the person set alone", () => {
    expect(tunablesSeen(meminfo(2600), { GLIBC_TUNABLES: "glibc.malloc.arena_max=1" })).toBe("glibc.malloc.arena_max=1");
  });
});

describe("the memory a load may take", () => {
  test("counts the pool's free pages when malloc was told to take from it", () => {
    expect(freeHugePageBytes("glibc.malloc.hugetlb=2:glibc.malloc.mmap_threshold=1048576", meminfo(1000))).toBe(1000 * 2048 * 1024);
  });

  test("leaves the pool out when malloc takes transparent huge pages or small ones, which the pool cannot serve", () => {
    expect(freeHugePageBytes("glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1048576", meminfo(1000))).toBe(0);
    expect(freeHugePageBytes(undefined, meminfo(1000))).toBe(0);
    expect(freeHugePageBytes("glibc.malloc.hugetlb=20", meminfo(1000))).toBe(0);
  });
});

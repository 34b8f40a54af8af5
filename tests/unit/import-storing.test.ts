// When an import still being stored is abandoned, so that the next import of its file may start it
// over: its process is gone from this machine, or it has not stored a batch for STALE_MS.
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { isAbandoned, STALE_MS } from "@/lib/imports/import-storing";
import { thisProcess } from "@/lib/imports/process-liveness";

const now = Date.now();
const beat = (ago: number) => new Date(now - ago);

describe("an import still being stored", () => {
  it("is alive while its process on this machine runs and stores", () => {
    expect(isAbandoned({ storingBy: thisProcess(), storingHeartbeatAt: beat(1_000) }, now)).toBe(false);
  });

  it("is abandoned at once when its process on this machine has ended", () => {
    const ended = spawnSync(process.execPath, ["-e", ""]).pid;
    expect(isAbandoned({ storingBy: `${hostname()}:${ended}`, storingHeartbeatAt: beat(1_000) }, now)).toBe(true);
  });

  it("on another machine, is alive until it has stored nothing for STALE_MS", () => {
    expect(isAbandoned({ storingBy: "another-host:4242", storingHeartbeatAt: beat(STALE_MS - 1_000) }, now)).toBe(false);
    expect(isAbandoned({ storingBy: "another-host:4242", storingHeartbeatAt: beat(STALE_MS + 1_000) }, now)).toBe(true);
  });

  it("is abandoned when it has no heartbeat at all, even in a process that runs", () => {
    expect(isAbandoned({ storingBy: thisProcess(), storingHeartbeatAt: null }, now)).toBe(true);
  });
});

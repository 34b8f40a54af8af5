import { describe, expect, it } from "vitest";
import { DEFAULT_ENGINE_BATCH, DEFAULT_LEASE_SIZE, parseWorkerSettings } from "@/lib/campaigns/runner/worker-settings";

describe("worker settings from command-line flags", () => {
  it("default to leasing 32 runs and decoding 8 at a time", () => {
    expect(parseWorkerSettings({})).toEqual({
      ok: true,
      settings: {
        batch: DEFAULT_LEASE_SIZE,
        "engine-batch": DEFAULT_ENGINE_BATCH,
        "lease-ms": 30_000,
        "max-outage": 600,
        "request-timeout": 120,
        "detector-deadline": 30,
      },
    });
    expect(DEFAULT_LEASE_SIZE).toBe(32);
    expect(DEFAULT_ENGINE_BATCH).toBe(8);
  });

  it("read numbers given as strings", () => {
    expect(
      parseWorkerSettings({ batch: "4", "engine-batch": "2", "lease-ms": "4000", "max-outage": "0", "request-timeout": "30", "detector-deadline": "5" }),
    ).toEqual({
      ok: true,
      settings: { batch: 4, "engine-batch": 2, "lease-ms": 4000, "max-outage": 0, "request-timeout": 30, "detector-deadline": 5 },
    });
  });

  it("refuse a bad flag with its name instead of leasing NaN or zero runs", () => {
    const result = parseWorkerSettings({ batch: "abc", "engine-batch": "0" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain("--batch");
    expect(result.message).toContain("--engine-batch");
    expect(parseWorkerSettings({ "lease-ms": "1.5" }).ok).toBe(false);
  });

  it("refuse a request timeout of no time, naming the flag: every request would count as an endpoint down", () => {
    expect(parseWorkerSettings({ "request-timeout": "0" })).toEqual({
      ok: false,
      message: "--request-timeout: the request time-out in seconds must be at least 1",
    });
  });

  it("name each flag out of range or not a whole number in words, not in zod's", () => {
    expect(
      parseWorkerSettings({ batch: "0", "engine-batch": "257", "lease-ms": "1.5", "max-outage": "86401", "request-timeout": "abc", "detector-deadline": "0" }),
    ).toEqual({
      ok: false,
      message: [
        "--batch: the runs leased at once must be at least 1",
        "--engine-batch: the sequences decoded together must be at most 256",
        "--lease-ms: the lease in milliseconds must be a whole number",
        "--max-outage: the longest outage in seconds must be at most 86,400",
        "--request-timeout: the request time-out in seconds must be a number",
        "--detector-deadline: the detectors' deadline in seconds must be at least 1",
      ].join("; "),
    });
  });

  it("refuse a lease longer than a day: renewed a third of the way through, a lease past Node's longest timer (about 24.8 days) would be renewed every millisecond", () => {
    expect(parseWorkerSettings({ "lease-ms": "86400000" }).ok).toBe(true);
    expect(parseWorkerSettings({ "lease-ms": "10000000000" })).toEqual({
      ok: false,
      message: "--lease-ms: the lease in milliseconds must be at most 86,400,000",
    });
  });

  it("refuse a flag that is not a number written in decimal, where a coercion would take it for one nobody typed", () => {
    for (const typed of ["", " ", "0x10", "1e3", "0b11", "Infinity"]) {
      expect(parseWorkerSettings({ batch: typed }), JSON.stringify(typed)).toEqual({ ok: false, message: "--batch: the runs leased at once must be a number" });
    }
    expect(parseWorkerSettings({ "max-outage": "" }), "an empty --max-outage is not 0 (fail at once)").toMatchObject({ ok: false });
  });

  it("refuse a request timeout past the 300 s Node's fetch waits for a silent connection, saying why: it would never fire", () => {
    expect(parseWorkerSettings({ "request-timeout": "300" }).ok).toBe(true);
    expect(parseWorkerSettings({ "request-timeout": "600" })).toEqual({
      ok: false,
      message:
        "--request-timeout: at most 300 s: Node's fetch gives up on a connection silent that long, so a longer time-out would never fire (a slow answer would be taken for an endpoint down)",
    });
  });
});

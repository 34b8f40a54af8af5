import { describe, expect, test } from "vitest";
import { rootChecksDeclaredRevision, rootContradictsDeclaredRevision } from "../../lib/serving-targets/served-revision";

const ENGINE = "beb3f35f1d1d9bf2ac05894ca1424e0d421bf8d53501d70b2639d272965f4ce2";
const COMMIT = "3f5a6c1e9b0d4a7f8e2c6b1d0a9f8e7d6c5b4a39";
const SNAPSHOT = `/data/hf/hub/models--stabilityai--StableBeluga2/snapshots/${COMMIT}`;

describe("an endpoint's /v1/models root against the declared revision", () => {
  test("a root that names no revision is compared with nothing", () => {
    for (const root of [null, "stabilityai/StableBeluga2", "/models/StableBeluga2-FP8", "simulated"])
      expect(rootContradictsDeclaredRevision(root, "anything at all")).toBeNull();
  });

  test("engine serve's revision must be the declared revision exactly, 4-bit suffix included", () => {
    expect(rootContradictsDeclaredRevision(ENGINE, ENGINE)).toBeNull();
    expect(rootContradictsDeclaredRevision(`${ENGINE}+int4-block128`, `${ENGINE}+int4-block128`)).toBeNull();
    expect(rootContradictsDeclaredRevision(`${ENGINE}+int4-block128`, ENGINE)).toBe(
      `its /v1/models root says it serves the weights of revision ${ENGINE}+int4-block128, not the declared revision "${ENGINE}"`,
    );
    expect(rootContradictsDeclaredRevision(ENGINE, "v1.0")).toMatch(/not the declared revision "v1\.0"$/);
  });

  test("a snapshot's commit is compared with a declaration that starts with a commit, whole or abbreviated, in either case", () => {
    for (const declared of [COMMIT, COMMIT.slice(0, 7), `${COMMIT.slice(0, 12)} fp8`, COMMIT.slice(0, 10).toUpperCase()])
      expect(rootContradictsDeclaredRevision(SNAPSHOT, declared)).toBeNull();
    expect(rootContradictsDeclaredRevision(`${SNAPSHOT}/`, "0123abcd fp8")).toBe(
      `its /v1/models root (${SNAPSHOT}/) is the snapshot of commit ${COMMIT}, not the declared commit 0123abcd`,
    );
  });

  test("a snapshot is not compared with a declaration in another form: free text, or this engine's 64-digit revision", () => {
    for (const declared of ["the March fp8 build", "main", ENGINE, "3f5a6c"]) expect(rootContradictsDeclaredRevision(SNAPSHOT, declared)).toBeNull();
  });

  test("whether a root checks the declaration at all: engine serve's revision always, a snapshot only against a declared commit", () => {
    expect([ENGINE, `${ENGINE}+int4-block128`].map((root) => rootChecksDeclaredRevision(root, "anything"))).toEqual([true, true]);
    expect([COMMIT.slice(0, 7), "the March fp8 build"].map((declared) => rootChecksDeclaredRevision(SNAPSHOT, declared))).toEqual([true, false]);
    expect([null, "stabilityai/StableBeluga2"].map((root) => rootChecksDeclaredRevision(root, COMMIT))).toEqual([false, false]);
  });
});

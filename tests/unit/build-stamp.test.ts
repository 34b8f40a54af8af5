// `npm start` serves the app's production build; after the code changes (a `git pull`), it builds
// again instead of serving the old pages over the new code's database.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIsCurrent, stampBuild } from "../../scripts/build-stamp";

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "riskledger-build-stamp-"));
  write("app/page.tsx", "export default function Page() {}");
  write("lib/cells/update-cell.ts", "export const version = 1;");
  write("package-lock.json", "{}");
  write("tests/unit/some.test.ts", "// a test");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("whether npm start builds the app again", () => {
  it("builds a folder with no build, and one built before builds were stamped", () => {
    expect(buildIsCurrent(root)).toBe(false);
    write(".next/BUILD_ID", "abc");
    expect(buildIsCurrent(root)).toBe(false);
  });

  it("serves a build stamped from the code now in the folder", () => {
    write(".next/BUILD_ID", "abc");
    stampBuild(root);
    expect(buildIsCurrent(root)).toBe(true);
  });

  it("builds again once a file the app is made from changes, and not for a file it is not made from", () => {
    write(".next/BUILD_ID", "abc");
    stampBuild(root);
    write("tests/unit/some.test.ts", "// another test");
    expect(buildIsCurrent(root)).toBe(true);

    write("lib/cells/update-cell.ts", "export const version = 2;");
    expect(buildIsCurrent(root)).toBe(false);
    stampBuild(root);
    write("lib/cells/new-file.ts", "export {};");
    expect(buildIsCurrent(root)).toBe(false);
    stampBuild(root);
    write("package-lock.json", '{"lockfileVersion": 3}');
    expect(buildIsCurrent(root)).toBe(false);
  });

  it("builds again when the build itself is gone", () => {
    write(".next/BUILD_ID", "abc");
    stampBuild(root);
    rmSync(path.join(root, ".next/BUILD_ID"));
    expect(buildIsCurrent(root)).toBe(false);
  });
});

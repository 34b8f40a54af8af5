// Whether the app's production build (.next) was made from the code now in the folder. `npm start`
// used to build once and serve that build from then on: after a `git pull` the new code's migrations
// ran and the old code's pages answered. Each build is stamped with a hash of what it is made from,
// and a start whose hash differs builds again.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What `next build` compiles, and the dependencies it compiles against. */
const BUILD_INPUTS = ["app", "lib", "engine", "proxy.ts", "next.config.js", "tsconfig.json", "package-lock.json"];
const DIST_DIR = ".next";
const STAMP = "riskledger-source.sha256";

function sourceHash(root: string): string {
  const hash = createHash("sha256");
  const add = (relative: string) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) add(path.join(relative, name));
      return;
    }
    hash.update(`${relative}\0`).update(readFileSync(full)).update("\0");
  };
  for (const input of BUILD_INPUTS) add(input);
  return hash.digest("hex");
}

export function buildIsCurrent(root: string): boolean {
  const dist = path.join(root, DIST_DIR);
  const stamp = path.join(dist, STAMP);
  return existsSync(path.join(dist, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === sourceHash(root);
}

/** After a build: `next build` may itself rewrite tsconfig.json, so the stamp is taken from what is there once it is done. */
export function stampBuild(root: string): void {
  writeFileSync(path.join(root, DIST_DIR, STAMP), sourceHash(root));
}

// A release as a download: each file the bytes stored at publication, never re-rendered, so a
// download matches the sha256 its release shows whatever the exporters or the app's address are
// today. A release published before the CycloneDX BOM and the .eval_results file were stored has
// only its markdown and JSON: those two files are derived from its JSON by today's code, citing the
// app's address of today, and say so. Each file carries the sha256 of its bytes: the one stored at
// publication, or that of what was derived now.
import { createHash } from "node:crypto";
import type { Db } from "../db/types";
import { type CardFile, cardFile, renderStoredBody } from "./card-export";
import type { CardFormat } from "./card-formats";
import { loadRelease, type Release } from "./load-releases";
import { newPace } from "../card/pace";
import { readSnapshotPaced } from "./release-snapshot";
import { appOrigin, releaseSource } from "./release-source";

export const STORED_AT_PUBLICATION = "stored at publication";
export const DERIVED_AT_DOWNLOAD = "derived at download time from the release's stored JSON, not stored at publication";

export interface ReleaseFile extends CardFile {
  origin: typeof STORED_AT_PUBLICATION | typeof DERIVED_AT_DOWNLOAD;
  sha256: string;
}

export async function releaseFile(db: Db, slug: string, version: number, format: CardFormat): Promise<ReleaseFile | null> {
  const release = await loadRelease(db, slug, version);
  if (!release) return null;
  const name = `${slug}-card-v${version}`;
  const stored = storedBody(release, format);
  if (stored !== null)
    return { ...cardFile(format, name, stored), origin: STORED_AT_PUBLICATION, sha256: releaseFileDigests(release)[format] ?? sha256Of(stored) };
  const derived = await derivedReleaseBody(release.json, format === "cdx" ? "cdx" : "eval", slug, version, appOrigin());
  return { ...cardFile(format, name, derived), origin: DERIVED_AT_DOWNLOAD, sha256: sha256Of(derived) };
}

function storedBody(release: Release, format: CardFormat): string | null {
  if (format === "md") return release.markdown;
  if (format === "json") return release.json;
  return format === "cdx" ? release.cdx : release.evalResults;
}

/** The BOM or the .eval_results file of a release's JSON, which cites the release's page at `origin`, as publishing stores it. */
export async function derivedReleaseBody(json: string, format: "cdx" | "eval", slug: string, version: number, origin: string): Promise<string> {
  // A large card's is tens of megabytes: read with turns for other requests, as it is written.
  const snapshot = await readSnapshotPaced(json, newPace());
  return renderStoredBody(snapshot, format, releaseSource(slug, snapshot.card.model.name, version, origin));
}

/** The sha256 of each file the release stores; null for a file it does not, which is derived at download. */
export function releaseFileDigests(release: Release): Record<CardFormat, string | null> {
  return { md: release.sha256, json: sha256Of(release.json), cdx: release.cdxSha256, eval: release.evalResultsSha256 };
}

export function sha256Of(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

// A release as a download. The markdown and JSON are the stored bytes, never re-rendered, so the
// file matches the release's sha256 whatever the exporter does today; the CycloneDX BOM is derived
// from the stored JSON (the exporter is deterministic, so the same release gives the same BOM).
import type { Db } from "../db/types";
import { type CardFile, type CardFormat, cardFile, renderCardBody } from "./card-export";
import { loadRelease } from "./load-releases";
import { parseSnapshotJson } from "./release-snapshot";

export async function releaseFile(db: Db, slug: string, version: number, format: CardFormat): Promise<CardFile | null> {
  const release = await loadRelease(db, slug, version);
  if (!release) return null;
  const body = format === "md" ? release.markdown : format === "json" ? release.json : renderCardBody(parseSnapshotJson(release.json), "cdx");
  return cardFile(format, `${slug}-card-v${version}`, body);
}

// A release as a download. The markdown and JSON are the stored bytes, never re-rendered, so the
// file matches the release's sha256 whatever the exporter does today; the CycloneDX BOM and the
// .eval_results file are derived from the stored JSON (the exporters are deterministic, so the same
// release gives the same files).
import type { Db } from "../db/types";
import { type CardFile, type CardFormat, cardFile, renderCardBody } from "./card-export";
import { loadRelease } from "./load-releases";
import { parseSnapshotJson } from "./release-snapshot";
import { releaseSource } from "./release-source";

export async function releaseFile(db: Db, slug: string, version: number, format: CardFormat): Promise<CardFile | null> {
  const release = await loadRelease(db, slug, version);
  if (!release) return null;
  return cardFile(
    format,
    `${slug}-card-v${version}`,
    format === "md" ? release.markdown : format === "json" ? release.json : derived(release.json, format, slug, version),
  );
}

function derived(json: string, format: "cdx" | "eval", slug: string, version: number): string {
  const snapshot = parseSnapshotJson(json);
  return renderCardBody(snapshot, format, releaseSource(slug, snapshot.card.model.name, version));
}

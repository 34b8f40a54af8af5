// Reading published releases: the list for a model, and one release with its frozen files.
// Releases are immutable, so nothing here (or anywhere in the app) updates or deletes one.
import { z } from "zod";
import { withoutEmail } from "../auth/actor";
import type { Db } from "../db/types";
import type { ReleaseGap } from "./describe-gap";

export const RELEASE_PUBLISH_ACTION = "release.publish";

/**
 * A release's version as its address writes it (/releases/3/card.md, ?from=2&to=3): digits, no
 * leading zero, so each release has one address. Number() would read "0x1", "1e0", "01" and " 1" as 1.
 */
export const releaseVersionParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, "a release version is a whole number from 1, in digits")
  .transform(Number);

const acceptedGapsSchema = z.array(z.object({ cell: z.string(), names: z.string().default(""), reason: z.string() })).nullable();

export interface ReleaseSummary {
  id: string;
  version: number;
  sha256: string;
  publishedAt: Date;
  /** The publisher as named at publishing: a user's name, or for automation and the local operator their label. */
  publishedBy: string;
  acceptedGaps: ReleaseGap[] | null;
  justification: string | null;
}

export interface Release extends ReleaseSummary {
  markdown: string;
  json: string;
  /** The CycloneDX BOM and the .eval_results file as published, with their sha256; null in a release published before they were stored. */
  cdx: string | null;
  cdxSha256: string | null;
  evalResults: string | null;
  evalResultsSha256: string | null;
}

const summaryFields = {
  id: true,
  version: true,
  sha256: true,
  publishedAt: true,
  acceptedGaps: true,
  justification: true,
  publishedByName: true,
  publishedBy: { select: { name: true } },
} as const;

const fileFields = { markdown: true, json: true, cdx: true, cdxSha256: true, evalResults: true, evalResultsSha256: true } as const;

/** The model's releases, newest first; null for an unknown model. */
export async function listReleases(db: Db, slug: string): Promise<ReleaseSummary[] | null> {
  const model = await db.model.findUnique({
    where: { slug },
    select: { releases: { orderBy: { version: "desc" }, select: summaryFields } },
  });
  if (!model) return null;
  const labels = await publisherLabels(
    db,
    model.releases.map((release) => release.id),
  );
  return model.releases.map((release) => toSummary(release, labels));
}

export async function loadRelease(db: Db, slug: string, version: number): Promise<Release | null> {
  const release = await db.cardRelease.findFirst({
    where: { version, model: { slug } },
    select: { ...summaryFields, ...fileFields },
  });
  if (!release) return null;
  const labels = await publisherLabels(db, [release.id]);
  const { markdown, json, cdx, cdxSha256, evalResults, evalResultsSha256 } = release;
  return { ...toSummary(release, labels), markdown, json, cdx, cdxSha256, evalResults, evalResultsSha256 };
}

type StoredSummary = {
  id: string;
  version: number;
  sha256: string;
  publishedAt: Date;
  acceptedGaps: unknown;
  justification: string | null;
  publishedByName: string | null;
  publishedBy: { name: string } | null;
};

function toSummary(release: StoredSummary, labels: Map<string, string>): ReleaseSummary {
  return {
    id: release.id,
    version: release.version,
    sha256: release.sha256,
    publishedAt: release.publishedAt,
    publishedBy: release.publishedByName ?? labels.get(release.id) ?? release.publishedBy?.name ?? "unknown",
    acceptedGaps: acceptedGapsSchema.parse(release.acceptedGaps ?? null),
    justification: release.justification,
  };
}

/**
 * Who published each release, as the audit event of its publishing names them: for a release
 * published before the name was kept with it, the name as it was then (a user's name today is only
 * the last resort). A user's label holds their email, which the release pages show no one.
 */
async function publisherLabels(db: Db, releaseIds: string[]): Promise<Map<string, string>> {
  const events = await db.auditEvent.findMany({
    where: { action: RELEASE_PUBLISH_ACTION, entityType: "CardRelease", entityId: { in: releaseIds } },
    select: { entityId: true, actorLabel: true },
  });
  return new Map(events.map((event) => [event.entityId, withoutEmail(event.actorLabel)]));
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/app/_components/format-time";
import { getDb } from "@/lib/db/client";
import { loadRelease, releaseVersionParam } from "@/lib/releases/load-releases";
import { gapsHeadline } from "@/lib/releases/describe-gap";
import { ReleaseGapList } from "@/app/_components/release-gap-list";
import { renderCardHtml } from "@/lib/releases/render-card-html";
import { DERIVED_AT_DOWNLOAD, releaseFileDigests } from "@/lib/releases/release-file";
import styles from "../../card/card-preview.module.css";
import { DownloadLinks } from "../../card/download-links";

export const metadata: Metadata = { title: "Release" };

export default async function ReleasePage({ params }: { params: Promise<{ slug: string; version: string }> }) {
  const { slug, version: rawVersion } = await params;
  const version = releaseVersionParam.safeParse(rawVersion);
  if (!version.success) notFound();
  const release = await loadRelease(getDb(), slug, version.data);
  if (!release) notFound();
  const html = await renderCardHtml(release.markdown);
  const base = `/models/${slug}/releases`;
  const digests = releaseFileDigests(release);
  const digestShown = (digest: string | null) => (digest ? <code>{digest}</code> : <span className="muted">none: {DERIVED_AT_DOWNLOAD}</span>);

  return (
    <>
      <div className="eyebrow">
        <Link href={base}>Releases</Link>
      </div>
      <h1>Release v{release.version}</h1>
      <dl className="facts">
        <dt>Published</dt>
        <dd>{formatTime(release.publishedAt)}</dd>
        <dt>By</dt>
        <dd>{release.publishedBy}</dd>
        <dt>sha256 of the markdown</dt>
        <dd>{digestShown(digests.md)}</dd>
        <dt>sha256 of the JSON</dt>
        <dd>{digestShown(digests.json)}</dd>
        <dt>sha256 of the CycloneDX BOM</dt>
        <dd>{digestShown(digests.cdx)}</dd>
        <dt>sha256 of the .eval_results file</dt>
        <dd>{digestShown(digests.eval)}</dd>
      </dl>
      {release.acceptedGaps?.length ? (
        <section className="notice notice-conflict" aria-labelledby="gaps-heading">
          <h3 id="gaps-heading">Published accepting {gapsHeadline(release.acceptedGaps)}</h3>
          <ReleaseGapList gaps={release.acceptedGaps} label="Accepted gaps" />
          <p>Justification: {release.justification}</p>
        </section>
      ) : null}
      {release.version > 1 && (
        <p>
          <Link href={`${base}/diff?from=${release.version - 1}&to=${release.version}`}>Compare with v{release.version - 1}</Link>
        </p>
      )}
      <DownloadLinks base={`/api${base}/${release.version}`} what={`release v${release.version}`} release />
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: renderCardHtml sanitises with rehype-sanitize's allow-list */}
      <article className={`panel ${styles.preview}`} aria-label={`Model card, release v${release.version}`} dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
}

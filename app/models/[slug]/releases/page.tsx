import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/app/_components/format-time";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { listReleases } from "@/lib/releases/load-releases";
import { loadReleaseGaps } from "@/lib/releases/release-gaps";
import { PublishForm } from "./publish-form";
import { mayRun } from "@/lib/commands/define-command";
import { publishRelease } from "@/lib/releases/publish-release";

export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const [releases, gaps, actor] = await Promise.all([listReleases(db, slug), loadReleaseGaps(db, slug), currentActor()]);
  if (!releases || !gaps) notFound();
  const base = `/models/${slug}/releases`;

  return (
    <>
      <div className="eyebrow">Model card</div>
      <h1>Releases</h1>
      <p className="page-intro">
        A release freezes the card&apos;s markdown, its sha256 and the data behind it. Releases never change; a new edit needs a new release.{" "}
        <Link href={`/models/${slug}/card`}>Preview the current card</Link>.
      </p>

      <section className="panel" aria-labelledby="publish-heading">
        <h2 id="publish-heading">Publish a release</h2>
        {mayRun(publishRelease, actor.role) ? (
          <PublishForm slug={slug} gaps={gaps} />
        ) : (
          <p className="muted">Publishing needs the approver role; you are signed in as a {actor.role.toLowerCase()}.</p>
        )}
      </section>

      <section aria-labelledby="published-heading">
        <h2 id="published-heading">Published</h2>
        {releases.length === 0 ? (
          <p className="muted">No release yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="data" aria-labelledby="published-heading">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Published</th>
                  <th scope="col">By</th>
                  <th scope="col">sha256 of the markdown</th>
                  <th scope="col">Accepted gaps</th>
                </tr>
              </thead>
              <tbody>
                {releases.map((release) => (
                  <tr key={release.id}>
                    <td>
                      <Link href={`${base}/${release.version}`}>v{release.version}</Link>
                    </td>
                    <td>{formatTime(release.publishedAt)}</td>
                    <td>{release.publishedBy}</td>
                    <td>
                      <code title={release.sha256}>{release.sha256.slice(0, 16)}…</code>
                    </td>
                    <td>{release.acceptedGaps?.length ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {releases.length >= 2 && (
          <form className="toolbar" action={`${base}/diff`} method="get" aria-label="Compare two releases">
            <div className="field">
              <label htmlFor="diff-from">From</label>
              <select id="diff-from" name="from" defaultValue={releases[1].version}>
                {releases.map((release) => (
                  <option key={release.id} value={release.version}>
                    v{release.version}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="diff-to">To</label>
              <select id="diff-to" name="to" defaultValue={releases[0].version}>
                {releases.map((release) => (
                  <option key={release.id} value={release.version}>
                    v{release.version}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">Compare</button>
          </form>
        )}
      </section>
    </>
  );
}

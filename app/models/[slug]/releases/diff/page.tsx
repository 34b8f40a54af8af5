import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { loadReleaseDiff, MAX_PATCHED_LINE_EDITS } from "@/lib/releases/diff-releases";
import { releaseVersionParam } from "@/lib/releases/load-releases";
import styles from "./release-diff.module.css";

export const metadata: Metadata = { title: "Compare releases" };

const versions = z.object({ from: releaseVersionParam, to: releaseVersionParam });

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ from?: string; to?: string }> };

/** `?from=1&to=2`: what changed from one release to the other, in the matrix and in the text. */
export default async function ReleaseDiffPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const parsed = versions.safeParse(await searchParams);
  if (!parsed.success) notFound();
  const compared = await loadReleaseDiff(getDb(), slug, parsed.data.from, parsed.data.to);
  if (!compared) notFound();
  const { from, to, diff } = compared;
  const { matrixChanges, textPatch } = diff;
  const base = `/models/${slug}/releases`;

  return (
    <>
      <div className="eyebrow">
        <Link href={base}>Releases</Link>
      </div>
      <h1>
        <Link href={`${base}/${from.version}`}>v{from.version}</Link> → <Link href={`${base}/${to.version}`}>v{to.version}</Link>
      </h1>

      <section className="panel" aria-labelledby="matrix-heading">
        <h2 id="matrix-heading">Matrix changes</h2>
        {matrixChanges.length === 0 ? (
          <p className="muted">No cell, risk, use, deploy decision or accepted gap changed.</p>
        ) : (
          <ul>
            {matrixChanges.map((change, index) => (
              <li key={index}>
                <strong>{change.where}</strong>: {change.what}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="text-heading">
        <h2 id="text-heading">Markdown changes</h2>
        {textPatch === null ? (
          <p className="muted">
            More than {MAX_PATCHED_LINE_EDITS.toLocaleString("en")} lines were removed from or added to the markdown between the two releases (a changed line is
            one of each), too many to compare here: download <a href={`/api${base}/${from.version}/card.md`}>v{from.version}'s card.md</a> and{" "}
            <a href={`/api${base}/${to.version}/card.md`}>v{to.version}'s</a> to compare them.
          </p>
        ) : (
          <section aria-label="Unified diff of the markdown">
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so a keyboard can scroll its long lines sideways */}
            <pre className={styles.patch} tabIndex={0}>
              {textPatch.split("\n").map((line, index) => (
                <span key={index} className={lineClass(line)}>
                  {line || " "}
                </span>
              ))}
            </pre>
          </section>
        )}
      </section>
    </>
  );
}

function lineClass(line: string): string | undefined {
  if (line.startsWith("@@")) return styles.hunk;
  if (line.startsWith("+") && !line.startsWith("+++")) return styles.added;
  if (line.startsWith("-") && !line.startsWith("---")) return styles.removed;
  return undefined;
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/app/_components/format-time";
import { currentActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { getDb } from "@/lib/db/client";
import { importExternalResults } from "@/lib/imports/import-external-results";
import { listImports, loadImportChoices } from "@/lib/imports/load-imports";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Imported results" };
export const dynamic = "force-dynamic";

export default async function ImportsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const [actor, imports, choices] = await Promise.all([currentActor(), listImports(db, slug), loadImportChoices(db, slug)]);
  if (!choices) notFound();
  return (
    <>
      <h1>Imported results</h1>
      <p className="page-intro">
        Results of garak, promptfoo and Inspect runs, mapped to the card&apos;s risks by <Link href="/mappings">the mapping</Link>, counted per cell like a
        campaign&apos;s. A run is imported once, whichever file holds it; imported again with a corrected mapping it replaces the earlier import, which is kept,
        superseded. Another run of a tool is another source.
      </p>
      {mayRun(importExternalResults, actor.role) && <UploadForm slug={slug} uses={choices.uses} revision={choices.revision} />}
      <div className="table-wrap">
        <table className="data" aria-label="Imports">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Tested model</th>
              <th scope="col">Results</th>
              <th scope="col">Failures</th>
              <th scope="col">Declared revision</th>
              <th scope="col">Imported</th>
            </tr>
          </thead>
          <tbody>
            {imports.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  Nothing imported yet.
                </td>
              </tr>
            )}
            {imports.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link href={`/models/${slug}/imports/${row.id}`}>
                    {row.tool} {row.toolVersion ?? "(version not recorded)"}: {row.fileName}
                  </Link>
                  {!row.complete && <span className="tag">incomplete run</span>}
                  {row.supersededBy && <span className="tag">superseded by {row.supersededBy.fileName}</span>}
                  <div className="small muted">
                    sha256 <code>{row.sha256.slice(0, 12)}…</code>
                  </div>
                </td>
                <td>{row.testedModel ?? "–"}</td>
                <td>{row.results}</td>
                <td>{row.failures}</td>
                <td>
                  <code>{row.modelRevision?.slice(0, 12) ?? "–"}</code>
                  {!row.revisionDeclared && <div className="small muted">not declared: the model&apos;s at import</div>}
                </td>
                <td className="small">
                  <time dateTime={row.createdAt}>{formatTime(row.createdAt)}</time> by {row.createdBy ?? "automation"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

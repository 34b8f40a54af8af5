import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatTime } from "@/app/_components/format-time";
import { getDb } from "@/lib/db/client";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import { VERDICTS } from "@/lib/domain/verdicts";
import { importedSourceLabel } from "@/lib/evidence/imported-source";
import { loadImport, resultsFilterSchema } from "@/lib/imports/load-imports";
import { DataTable } from "@/app/_components/data-table";

export const metadata: Metadata = { title: "Imported run" };
export const dynamic = "force-dynamic";

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
const word = (verdict: string) => verdict.replace("_", " ").toLowerCase();

export default async function ImportPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string>>;
}) {
  const { slug, id } = await params;
  const filter = resultsFilterSchema.parse(await searchParams);
  const imported = await loadImport(getDb(), slug, id, filter);
  if (!imported) notFound();
  const pageHref = (page: number) =>
    `/models/${slug}/imports/${id}?${new URLSearchParams({ ...(filter.verdict ? { verdict: filter.verdict } : {}), page: String(page) })}`;
  return (
    <>
      <div className="eyebrow">
        <Link href={`/models/${slug}/imports`}>Imported results</Link>
      </div>
      <h1>{importedSourceLabel(imported)}</h1>
      <dl className="facts" aria-label="Where the results came from">
        <dt>Tool</dt>
        <dd>
          {imported.tool} {imported.toolVersion ?? "(version not recorded)"}
        </dd>
        <dt>File</dt>
        <dd>
          {imported.fileName} · sha256 <code>{imported.sha256}</code>
        </dd>
        <dt>Tested model</dt>
        <dd>{imported.testedModel ?? "(not named by the tool)"}</dd>
        <dt>Declared revision</dt>
        <dd>
          <code>{imported.modelRevision ?? "(unknown)"}</code> (its evidence is stale once the model&apos;s revision differs)
        </dd>
        <dt>Run</dt>
        <dd>
          {imported.runId ?? "–"} · {imported.startedAt ?? "–"} → {imported.completedAt ?? "–"}
          {!imported.complete && <strong> · the tool says this run did not finish</strong>}
        </dd>
        <dt>Counted in</dt>
        <dd>
          uses {imported.uses.join(", ")} · mapping {imported.mappingFile}
        </dd>
        <dt>Imported</dt>
        <dd>
          {formatTime(imported.createdAt)} by {imported.createdBy ?? "automation"}
        </dd>
      </dl>
      {imported.supersededBy && (
        <p className="notice notice-conflict" role="status" data-testid="superseded">
          Superseded on {formatTime(imported.supersededBy.at)} by a later import of the same run,{" "}
          <Link href={`/models/${slug}/imports/${imported.supersededBy.id}`}>{imported.supersededBy.fileName}</Link>: its results are kept here and count in no
          cell.
        </p>
      )}
      {imported.notes.map((note) => (
        <p key={note} className="notice">
          {note}
        </p>
      ))}

      <h2>Evidence per cell</h2>
      <div className="table-wrap">
        <table className="data" aria-label="Evidence per cell">
          <thead>
            <tr>
              <th scope="col">Cell</th>
              <th scope="col">Failures / n</th>
              <th scope="col">Rate [95% interval]</th>
              <th scope="col">Overrides</th>
              <th scope="col">Errored (not in n)</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {imported.cells.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No cell got evidence from this file.
                </td>
              </tr>
            )}
            {imported.cells.map((cell) => (
              <tr key={`${cell.riskCode}-${cell.useCode}`}>
                <td>
                  <Link href={`/models/${slug}/matrix?cell=${cellKeySlug(cell.riskCode, cell.useCode)}`}>{cellKeyLabel(cell.riskCode, cell.useCode)}</Link>
                </td>
                <td>
                  {cell.failures} / {cell.n}
                </td>
                <td>
                  {percent(cell.n ? (cell.failures ?? 0) / cell.n : null)} [{percent(cell.intervalLow)}–{percent(cell.intervalHigh)}]
                </td>
                <td>{cell.overrides ?? 0}</td>
                <td>{cell.errors ?? 0}</td>
                <td>
                  <span className={`evidence evidence-${cell.verdict ?? "UNTESTED"}`}>{word(cell.verdict ?? "UNTESTED")}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {imported.skipped.length > 0 && (
        <details>
          <summary>Left out: {imported.skipped.length} unmapped or skipped entries</summary>
          <ul className="small" aria-label="Unmapped and skipped">
            {imported.skipped.map((entry, index) => (
              <li key={index}>
                {entry.location}: {entry.reason}
              </li>
            ))}
          </ul>
        </details>
      )}

      <h2>Results</h2>
      <form className="toolbar" method="get">
        <label className="field">
          Verdict
          <select name="verdict" defaultValue={filter.verdict ?? ""}>
            <option value="">any</option>
            {VERDICTS.map((verdict) => (
              <option key={verdict} value={verdict}>
                {word(verdict)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
        <span className="summary">{imported.total} results</span>
      </form>
      <DataTable
        label="Results"
        columns={["Where in the file", "Probe, plugin or task", "Risks", "Tool&apos;s verdict", "Counted"]}
        rows={imported.results}
        rowKey={(result) => result.id}
        cells={(result) => (
          <>
            <td>
              <Link href={`/models/${slug}/imports/${id}/results/${result.id}`}>{result.location}</Link>
            </td>
            <td>
              {result.test}
              {result.strategy && <span className="muted"> / {result.strategy}</span>}
            </td>
            <td>{result.risks.join(", ") || <span className="muted">unmapped</span>}</td>
            <td>{word(result.toolVerdict)}</td>
            <td>
              <span className={`evidence evidence-${result.counted}`}>{word(result.counted)}</span>
              {result.overridePending && <span className="small muted"> (override pending)</span>}
            </td>
          </>
        )}
      />
      <nav className="toolbar small" aria-label="Pages of results">
        {filter.page > 1 ? <Link href={pageHref(filter.page - 1)}>← previous</Link> : <span className="muted">← previous</span>}
        <span>
          page {filter.page} of {imported.pages}
        </span>
        {filter.page < imported.pages ? <Link href={pageHref(filter.page + 1)}>next →</Link> : <span className="muted">next →</span>}
      </nav>
    </>
  );
}

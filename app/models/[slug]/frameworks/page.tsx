import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { loadFrameworks } from "@/lib/frameworks/crosswalk";
import { evidenceStateLabel, loadFrameworkView } from "@/lib/frameworks/framework-view";
import { evidenceStatusLabel, SMOKE_TEST_MODEL, smokeTestMeaning } from "@/lib/matrix/evidence-status";
import { cellKeySlug } from "@/lib/domain/cell-key";

export const metadata: Metadata = { title: "Frameworks" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ framework?: string }> };

export default async function FrameworksPage({ params, searchParams }: Props) {
  const [{ slug }, { framework: asked }] = await Promise.all([params, searchParams]);
  const frameworks = loadFrameworks();
  const framework = frameworks.find((found) => found.framework === asked) ?? frameworks[0];
  const view = await loadFrameworkView(getDb(), slug, framework);
  if (!view) notFound();
  const base = `/models/${slug}`;
  const download = `/api/models/${slug}/frameworks/${framework.framework}`;
  return (
    <>
      <h1>Frameworks</h1>
      <p className="page-intro">
        Each control or article of a framework with the cells whose risk maps to it (<code>content/frameworks/</code>) and the state of their evidence: current,
        stale or untested. Cells judged not to apply are left out.
      </p>
      <nav aria-label="Frameworks">
        <ul className="toolbar">
          {frameworks.map((found) => (
            <li key={found.framework}>
              <Link href={`${base}/frameworks?framework=${found.framework}`} aria-current={found.framework === framework.framework ? "page" : undefined}>
                {found.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{framework.title}</h2>
      <p className="small">
        Source: {framework.source.document}, {framework.source.publisher}, {framework.source.date}. <a href={framework.source.url}>{framework.source.url}</a>
      </p>
      <p>
        For an auditor: <a href={`${download}?format=md`}>Markdown (.md)</a> · <a href={`${download}?format=csv`}>CSV (.csv)</a>
      </p>
      {view.smokeTestModel && (
        <p className="notice notice-conflict">
          <strong>Smoke test only.</strong> {smokeTestMeaning(view.model.name)}
        </p>
      )}
      {view.unmappedRisks.length > 0 && <p className="small muted">Risks no control of this framework names: {view.unmappedRisks.join(", ")}.</p>}
      <div className="table-wrap">
        <table className="data" aria-label={`${framework.title} controls`}>
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Risks</th>
              <th scope="col">Current</th>
              <th scope="col">Stale</th>
              <th scope="col">Untested</th>
              <th scope="col">Cells and their evidence</th>
            </tr>
          </thead>
          <tbody>
            {view.controls.map((control) => (
              <tr key={control.id}>
                <th scope="row" className="plain">
                  <span className="code-chip">{control.id}</span> {control.title}
                </th>
                <td className="small">{control.risks.join(", ") || <span className="muted">none</span>}</td>
                <td className="num">{control.counts.CURRENT}</td>
                <td className="num">{control.counts.STALE}</td>
                <td className="num">{control.counts.UNTESTED}</td>
                <td className="small">
                  {control.cells.length === 0 ? (
                    <span className="muted">{control.risks.length ? "no applicable cell" : "no risk maps here"}</span>
                  ) : (
                    control.cells.map((cell, index) => (
                      <span key={cell.cell}>
                        {index > 0 && ", "}
                        <Link href={`${base}/matrix?cell=${cellKeySlug(cell.risk, cell.use)}`}>{cell.cell}</Link> {evidenceStatusLabel[cell.evidence]}
                        {/* "stale" and "untested" say their state already. */}
                        {cell.state === "CURRENT" && ` (${evidenceStateLabel[cell.state]})`}
                        {cell.smokeTest && <span className="tag">{SMOKE_TEST_MODEL}</span>}
                      </span>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

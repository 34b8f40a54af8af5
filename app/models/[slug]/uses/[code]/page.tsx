import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { harmAreaLabel, riskTypeLabel, subjectAtRiskLabel } from "@/lib/domain/vocabulary";
import { loadUse } from "@/lib/uses/load-use";
import { CellSummary } from "@/app/_components/cell-badges";

type Params = { params: Promise<{ slug: string; code: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { code } = await params;
  return { title: `Use ${code}` };
}

export default async function UsePage({ params }: Params) {
  const { slug, code } = await params;
  const use = await loadUse(getDb(), slug, code);
  if (!use) notFound();
  const base = `/models/${slug}`;

  return (
    <>
      <div className="eyebrow">
        <Link href={`${base}/uses`}>Uses</Link> / {use.code}
      </div>
      <h1>{use.purpose}</h1>
      <section className="panel">
        <dl className="facts">
          <dt>Capability</dt>
          <dd>{use.capability}</dd>
          <dt>AI user</dt>
          <dd>{use.aiUser}</dd>
          <dt>AI subject</dt>
          <dd>{use.aiSubject}</dd>
          <dt>Domain</dt>
          <dd>{use.domain}</dd>
        </dl>
      </section>

      <h2>Across the risks</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Risk</th>
              <th scope="col">Judgement</th>
              <th scope="col">Subject at risk</th>
              <th scope="col">Rationale</th>
              <th scope="col">Mitigations implemented</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {use.cells.map(({ risk, cell }) => (
              <tr key={risk.code}>
                <th scope="row" className="plain">
                  <span className="code-chip">{risk.code}</span> <Link href={`${base}/risks/${risk.code}`}>{risk.title}</Link>
                  <span className="risk-meta">
                    {riskTypeLabel[risk.riskType]} · {harmAreaLabel[risk.harmArea]}
                  </span>
                  <Link className="small" href={`${base}/matrix?cell=${risk.code}-${use.code}`}>
                    Edit in the matrix
                  </Link>
                </th>
                <td className="small">
                  <CellSummary cell={cell} />
                </td>
                <td className="small">{cell.subjectAtRisk ? subjectAtRiskLabel[cell.subjectAtRisk] : <span className="muted">—</span>}</td>
                <td className="small">{cell.rationale || <span className="muted">none yet</span>}</td>
                <td className="small num">
                  {cell.mitigationsImplemented} of {Object.keys(cell.mitigationStatus).length}
                </td>
                <td className="small">{cell.ownerName ?? <span className="muted">nobody</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

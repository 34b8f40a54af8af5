import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { harmAreaLabel, riskTypeLabel } from "@/lib/domain/vocabulary";
import { loadMatrix } from "@/lib/matrix/load-matrix";
import { CellSummary } from "@/app/_components/cell-badges";

export const metadata: Metadata = { title: "Risks" };

export default async function RisksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const matrix = await loadMatrix(getDb(), slug);
  if (!matrix) notFound();
  return (
    <>
      <div className="eyebrow">{matrix.model.name}</div>
      <h1>Risks</h1>
      <p className="page-intro">{matrix.risks.length} risks, each with its type, harm area, mitigations and its judgement for every use.</p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Risk</th>
              <th scope="col">Type and harm area</th>
              <th scope="col" className="num">
                Mitigations
              </th>
              {matrix.uses.map((use) => (
                <th scope="col" key={use.code} title={use.purpose}>
                  {use.code}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.risks.map((risk) => (
              <tr key={risk.code}>
                <th scope="row" className="plain">
                  <span className="code-chip">{risk.code}</span>{" "}
                  <Link href={`/models/${slug}/risks/${risk.code}`}>{risk.title}</Link>
                </th>
                <td className="small">
                  {riskTypeLabel[risk.riskType]}
                  <br />
                  <span className="muted">{harmAreaLabel[risk.harmArea]}</span>
                </td>
                <td className="num">{risk.mitigations.length}</td>
                {matrix.uses.map((use) => (
                  <td key={use.code} className="small">
                    {risk.cells[use.code] && <CellSummary cell={risk.cells[use.code]} />}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

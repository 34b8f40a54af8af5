import type { Metadata } from "next";
import Link from "next/link";
import { CellEvidenceBadge } from "@/app/_components/cell-evidence-badge";
import { EvidenceRule } from "@/app/_components/evidence-rule";
import { ShownText } from "@/app/_components/shown-text";
import { getDb } from "@/lib/db/client";
import { cellKeyLabel, cellKeySlug } from "@/lib/domain/cell-key";
import { loadCellEvidence } from "@/lib/evidence/cell-evidence";
import { loadMatrix } from "@/lib/matrix/load-matrix";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Failure-rate heatmap" };
export const dynamic = "force-dynamic";

/** Light to dark red with the failure rate; the number and interval are always printed too. */
function shade(rate: number | null): string {
  if (rate === null) return "transparent";
  return `hsl(0 70% ${Math.round(97 - rate * 45)}%)`;
}

export default async function HeatmapPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const [matrix, evidence] = await Promise.all([loadMatrix(db, slug), loadCellEvidence(db, slug)]);
  if (!matrix) notFound();
  return (
    <>
      <div className="eyebrow">
        <Link href={`/models/${slug}/campaigns`}>Campaigns</Link>
      </div>
      <h1>Failure rates per cell</h1>
      <p className="page-intro">
        The current campaign evidence of each risk × use cell: failures out of n, the rate with its Wilson 95% interval, and the verdict against the cell&apos;s
        threshold. Darker is a higher rate. Cells no prompt can test show as untested here; their evidence is a document or an attestation.
      </p>
      <EvidenceRule />
      <div className="table-wrap">
        <table className="data heatmap" aria-label="Failure-rate heatmap">
          <thead>
            <tr>
              <th scope="col">Risk</th>
              {matrix.uses.map((use) => (
                <th scope="col" key={use.code}>
                  <span className="code-chip">{use.code}</span>{" "}
                  <span className="small">
                    <ShownText text={use.purpose} />
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.risks.map((risk) => (
              <tr key={risk.code}>
                <th scope="row">
                  <span className="code-chip">{risk.code}</span>{" "}
                  <span className="small">
                    <ShownText text={risk.title} />
                  </span>
                </th>
                {matrix.uses.map((use) => {
                  const cell = evidence[cellKeySlug(risk.code, use.code)];
                  return (
                    <td key={use.code} style={{ background: shade(cell?.rate ?? null) }}>
                      {/* To the cases behind the figure when a campaign made it, else to the cell. */}
                      <Link
                        href={
                          cell?.campaignId
                            ? `/models/${slug}/campaigns/${cell.campaignId}?cell=${cellKeySlug(risk.code, use.code)}#results`
                            : `/models/${slug}/matrix?cell=${cellKeySlug(risk.code, use.code)}`
                        }
                        aria-label={`${cellKeyLabel(risk.code, use.code)}: ${cell?.campaignId ? "its cases" : "the cell"}`}
                      >
                        <CellEvidenceBadge evidence={cell} />
                      </Link>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { loadCampaignComparison } from "@/lib/campaigns/compare";
import { getDb } from "@/lib/db/client";
import { z } from "zod";

export const metadata: Metadata = { title: "Compare campaigns" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ c?: string | string[] }> };

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
const change = (value: number | null) => (value === null ? "–" : `${value > 0 ? "+" : ""}${(value * 100).toFixed(1)} pt`);

export default async function ComparePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const ids = z.array(z.string().min(1).max(100)).safeParse([(await searchParams).c ?? []].flat());
  if (!ids.success || ids.data.length !== 2) {
    return (
      <>
        <h1>Compare campaigns</h1>
        <p className="notice notice-conflict">
          Tick exactly two campaigns on the <Link href={`/models/${slug}/campaigns`}>campaigns page</Link>.
        </p>
      </>
    );
  }
  const comparison = await loadCampaignComparison(getDb(), [ids.data[0], ids.data[1]]);
  if (!comparison) return <p className="notice notice-error">One of these campaigns does not exist.</p>;
  const { before, after, cells } = comparison;
  return (
    <>
      <h1>Compare campaigns</h1>
      <p className="page-intro">
        <Link href={`/models/${slug}/campaigns/${before.id}`}>{before.name}</Link> (before) →{" "}
        <Link href={`/models/${slug}/campaigns/${after.id}`}>{after.name}</Link> (after). Runs are matched by case and repeat.
      </p>
      <div className="table-wrap">
        <table className="data" aria-label="Comparison per cell">
          <thead>
            <tr>
              <th scope="col">Cell</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Change in rate</th>
              <th scope="col">New failures</th>
              <th scope="col">Fixed</th>
              <th scope="col">Unchanged</th>
              <th scope="col">Unmatched</th>
            </tr>
          </thead>
          <tbody>
            {cells.map((cell) => (
              <tr key={`${cell.riskCode}-${cell.useCode}`}>
                <td>
                  {cell.riskCode} × {cell.useCode}
                </td>
                <td>
                  {cell.before.failures}/{cell.before.n} ({percent(cell.before.rate)})
                </td>
                <td>
                  {cell.after.failures}/{cell.after.n} ({percent(cell.after.rate)})
                </td>
                <td>{change(cell.rateChange)}</td>
                <td>{cell.newFailures}</td>
                <td>{cell.fixed}</td>
                <td>{cell.unchanged}</td>
                <td>{cell.unmatched}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

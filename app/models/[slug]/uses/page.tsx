import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { loadUses } from "@/lib/uses/load-uses";

export const metadata: Metadata = { title: "Uses" };

export default async function UsesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const uses = await loadUses(getDb(), slug);
  if (!uses) notFound();
  return (
    <>
      <div className="eyebrow">{uses.model.name}</div>
      <h1>Uses</h1>
      <p className="page-intro">{uses.uses.length} example uses of the model, each judged against every risk.</p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Use</th>
              <th scope="col">Capability</th>
              <th scope="col">AI user</th>
              <th scope="col">AI subject</th>
              <th scope="col">Domain</th>
              <th scope="col" className="num">
                Risks that apply
              </th>
            </tr>
          </thead>
          <tbody>
            {uses.uses.map((use) => (
              <tr key={use.code}>
                <th scope="row" className="plain">
                  <span className="code-chip">{use.code}</span> <Link href={`/models/${slug}/uses/${use.code}`}>{use.purpose}</Link>
                </th>
                <td>{use.capability}</td>
                <td>{use.aiUser}</td>
                <td>{use.aiSubject}</td>
                <td>{use.domain}</td>
                <td className="num">
                  {use.applyingRisks} of {use.cells}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

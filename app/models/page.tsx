import type { Metadata } from "next";
import Link from "next/link";
import { sessionActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { getDb } from "@/lib/db/client";
import { EVIDENCE_STATUSES, evidenceStatusLabel } from "@/lib/matrix/evidence-status";
import { createModel } from "@/lib/models/create-model";
import { loadPortfolio } from "@/lib/models/load-portfolio";
import { ShownText } from "@/app/_components/shown-text";

export const metadata: Metadata = { title: "Models" };
export const dynamic = "force-dynamic";

export default async function ModelsPage() {
  const [portfolio, actor] = await Promise.all([loadPortfolio(getDb()), sessionActor()]);
  return (
    <main id="main">
      <h1>Models</h1>
      <p className="page-intro">
        Every model this team governs, with its cells by evidence, how many have stale evidence, its open risk acceptances and its last release.
      </p>
      <p>
        {actor && mayRun(createModel, actor.role) && (
          <>
            <Link href="/models/new">Create a model</Link> ·{" "}
          </>
        )}
        <Link href="/models/compare">Compare two models</Link>
      </p>
      <div className="table-wrap">
        <table className="data" aria-label="Portfolio">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Risks × uses
              </th>
              {EVIDENCE_STATUSES.map((status) => (
                <th scope="col" className="num" key={status}>
                  {evidenceStatusLabel[status]}
                </th>
              ))}
              <th scope="col" className="num">
                Open acceptances
              </th>
              <th scope="col">Last release</th>
            </tr>
          </thead>
          <tbody>
            {portfolio.map((model) => (
              <tr key={model.slug}>
                <th scope="row" className="plain">
                  <Link href={`/models/${model.slug}`}>
                    <ShownText text={model.name} />
                  </Link>{" "}
                  <span className="small muted">{model.slug}</span>
                </th>
                <td className="num">
                  {model.risks} × {model.uses} = {model.cells}
                </td>
                {EVIDENCE_STATUSES.map((status) => (
                  <td className="num" key={status}>
                    {model.byEvidence[status]}
                  </td>
                ))}
                <td className="num">{model.openAcceptances}</td>
                <td>
                  {model.lastRelease ? (
                    `v${model.lastRelease.version}, ${model.lastRelease.publishedAt.toISOString().slice(0, 10)}`
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}

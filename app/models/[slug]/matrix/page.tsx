import type { Metadata } from "next";
import { EvidenceRule } from "@/app/_components/evidence-rule";
import { InheritedRisksTable } from "@/app/_components/inherited-risks";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { loadMatrix } from "@/lib/matrix/load-matrix";
import { matrixFilterFromSearch } from "@/lib/matrix/matrix-filter";
import { toMatrixGrid } from "@/lib/matrix/matrix-grid";
import { MatrixTable } from "./matrix-table";
import { ShownText } from "@/app/_components/shown-text";

export const metadata: Metadata = { title: "Risk matrix" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `?cell=R1-U2` opens that cell's editor, so other pages can link straight to an edit; the filter's
 * parameters (`?evidence=FAIL&owner=none`, see lib/matrix/matrix-filter.ts) open a filtered view.
 */
export default async function MatrixPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const search = await searchParams;
  const cell = typeof search.cell === "string" ? search.cell : undefined;
  const filter = matrixFilterFromSearch(search);
  const [matrix, actor] = await Promise.all([loadMatrix(getDb(), slug), currentActor()]);
  if (!matrix) notFound();
  return (
    <>
      <div className="eyebrow">
        <ShownText text={matrix.model.name} />
      </div>
      <h1>Risk matrix</h1>
      <p className="page-intro">
        {matrix.risks.length} risks × {matrix.uses.length} uses. Each cell says whether the risk applies to the use, how high it is and what evidence backs it.
      </p>
      <EvidenceRule />
      <MatrixTable grid={toMatrixGrid(matrix, filter.q)} initialCell={cell} initialFilter={filter} role={actor.role} actorLabel={actor.label} />
      {matrix.inherited && matrix.inherited.risks.length > 0 && (
        <section aria-labelledby="inherited-risks">
          <h2 id="inherited-risks">
            Inherited from <ShownText text={matrix.inherited.base.name} />
          </h2>
          <p>
            Risks of the base model this model has no row for: <ShownText text={matrix.inherited.base.name} />
            &apos;s judgement and evidence, not re-tested here. Adopt or retire them on the <Link href={`/models/${slug}/risks#inherited-risks`}>Risks</Link>{" "}
            page.
          </p>
          <InheritedRisksTable inherited={matrix.inherited} uses={matrix.uses} />
        </section>
      )}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { appliesLabel } from "@/lib/domain/vocabulary";
import { evidenceStatusLabel, SMOKE_TEST_MODEL, smokeTestMeaning } from "@/lib/matrix/evidence-status";
import type { CellView } from "@/lib/matrix/cell-view";
import { compareModels, comparedModelsSchema, type ModelComparison } from "@/lib/models/compare-models";
import type { CellPairing } from "@/lib/models/paired-cells";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";
import { ShownText } from "@/app/_components/shown-text";

export const metadata: Metadata = { title: "Compare models" };
export const dynamic = "force-dynamic";

function Side({ cell }: { cell: CellView | null }) {
  if (!cell) return <span className="muted">absent</span>;
  return (
    <>
      {appliesLabel[cell.applies]}, {evidenceStatusLabel[cell.evidence.status]}
      {cell.evidence.n !== null && ` (${cell.evidence.failures}/${cell.evidence.n})`}
      {cell.evidence.smokeTest && <span className="tag">{SMOKE_TEST_MODEL}</span>}
    </>
  );
}

const change = (value: number) => `${value > 0 ? "+" : ""}${(value * 100).toFixed(1)} pt`;
const pValue = (p: number) => (p < 0.001 ? "< 0.001" : p.toFixed(3));

/** The paired result in words: McNemar's b and c, its exact p, and the second-minus-first difference with Newcombe's interval. */
function Pairing({ pairing, first, second, smokeTest }: { pairing: CellPairing | null; first: string; second: string; smokeTest: boolean }) {
  if (!pairing) return <span className="muted">—</span>;
  if (pairing.kind === "not paired") return <span className="muted">{pairing.reason}</span>;
  const { failOnlyFirst: b, failOnlySecond: c, difference } = pairing;
  return (
    <>
      {smokeTest && <span className="tag">{SMOKE_TEST_MODEL}</span>}{" "}
      {pairing.direction !== "no detectable change" && <span className="tag">{`${second} ${pairing.direction}`}</span>} {pairing.shared} shared runs: b = {b}{" "}
      (fail on {first} only), c = {c} (fail on {second} only); McNemar exact p = {pValue(pairing.mcnemarP)}; {second} − {first}: {change(difference.difference)}{" "}
      ({change(difference.lower)} to {change(difference.upper)}){pairing.unmatched > 0 && `; ${pairing.unmatched} runs on one side only`}
    </>
  );
}

/** Which side's evidence came from the generated tiny model, named, so no figure below is read as that model's own. */
function SmokeTestNotice({ comparison }: { comparison: ModelComparison }) {
  const names = new Set([
    ...(comparison.cells.some((cell) => cell.a?.evidence.smokeTest) ? [comparison.a.name] : []),
    ...(comparison.cells.some((cell) => cell.b?.evidence.smokeTest) ? [comparison.b.name] : []),
  ]);
  if (names.size === 0) return null;
  return (
    <p className="notice notice-conflict">
      <strong>Smoke test only.</strong> <ShownText text={smokeTestMeaning([...names].join(" or "))} />
    </p>
  );
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { a, b } = comparedModelsSchema.parse(await searchParams);
  const db = getDb();
  const models = await db.model.findMany({ orderBy: { createdAt: "asc" }, select: { slug: true, name: true } });
  const comparison = a && b ? await compareModels(db, a, b) : null;
  return (
    <main id="main">
      <div className="eyebrow">
        <Link href="/models">Models</Link> / compare
      </div>
      <h1>Compare models</h1>
      <form className="toolbar" aria-label="Models to compare">
        {(["a", "b"] as const).map((side, index) => (
          <label className="field" key={side}>
            {index === 0 ? "Model" : "against"}
            <select name={side} defaultValue={(side === "a" ? a : b) ?? models[index]?.slug}>
              {models.map((model) => (
                <option key={model.slug} value={model.slug}>
                  {withBidiControlsNamed(model.name)} ({model.slug})
                </option>
              ))}
            </select>
          </label>
        ))}
        <button type="submit">Compare</button>
      </form>
      {a && b && !comparison && (
        <p role="alert">
          No model {a} or {b}.
        </p>
      )}
      {comparison && <SmokeTestNotice comparison={comparison} />}
      {comparison && (
        <div className="table-wrap">
          <table className="data" aria-label={`${comparison.a.slug} against ${comparison.b.slug}`}>
            <thead>
              <tr>
                <th scope="col">Cell</th>
                <th scope="col">{comparison.a.slug}</th>
                <th scope="col">{comparison.b.slug}</th>
                <th scope="col">Paired on shared cases</th>
              </tr>
            </thead>
            <tbody>
              {comparison.cells.map((cell) => (
                <tr key={`${cell.risk}-${cell.use}`}>
                  <th scope="row" className="plain">
                    {cell.risk}×{cell.use} {cell.differs && <span className="tag">differs</span>}
                  </th>
                  <td className="small">
                    <Side cell={cell.a} />
                  </td>
                  <td className="small">
                    <Side cell={cell.b} />
                  </td>
                  <td className="small">
                    <Pairing pairing={cell.pairing} first={comparison.a.slug} second={comparison.b.slug} smokeTest={cell.smokeTest} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

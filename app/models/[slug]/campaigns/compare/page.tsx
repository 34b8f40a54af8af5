import type { Metadata } from "next";
import Link from "next/link";
import { CellEvidenceBadge } from "@/app/_components/cell-evidence-badge";
import { ShownText } from "@/app/_components/shown-text";
import { loadCampaignComparison } from "@/lib/campaigns/reads/compare";
import { getDb } from "@/lib/db/client";
import { z } from "zod";
import { DataTable } from "@/app/_components/data-table";
import { SMOKE_TEST_MODEL, smokeTestMeaning } from "@/lib/matrix/evidence-status";

export const metadata: Metadata = { title: "Compare campaigns" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ c?: string | string[] }> };

const change = (value: number | null) => (value === null ? "–" : `${value > 0 ? "+" : ""}${(value * 100).toFixed(1)} pt`);
const pValue = (p: number) => (p < 0.001 ? "< 0.001" : p.toFixed(3));
const DIRECTION_CLASS = { worse: "evidence-FAIL", better: "evidence-PASS", "no detectable change": "evidence-UNTESTED" } as const;

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
  const comparison = await loadCampaignComparison(getDb(), slug, [ids.data[0], ids.data[1]]);
  if (!comparison) return <p className="notice notice-error">These are not campaigns of this model: one does not exist or tested another model.</p>;
  const { before, after, cells } = comparison;
  // The pairing and its test compare two campaigns' answers: if either side is noise, so is the change.
  const smokeTest = before.smokeTest || after.smokeTest;
  const restingOnSmokeTest = (column: string) => (smokeTest ? `${column} (${SMOKE_TEST_MODEL})` : column);
  return (
    <>
      <h1>Compare campaigns</h1>
      <p className="page-intro">
        <Link href={`/models/${slug}/campaigns/${before.id}`}>
          <ShownText text={before.name} />
        </Link>{" "}
        (before) →{" "}
        <Link href={`/models/${slug}/campaigns/${after.id}`}>
          <ShownText text={after.name} />
        </Link>{" "}
        (after). Each side is that campaign&apos;s evidence for the cell as the matrix shows it. Runs are matched by case and repeat; each cell's change is
        judged on the shared runs with McNemar&apos;s exact test (worse or better when p &lt; 0.05), and the change in rate is shown with Newcombe&apos;s paired
        95% interval.
      </p>
      {smokeTest && (
        <p className="notice notice-conflict" data-testid="compare-smoke-test">
          <ShownText
            text={[before, after]
              .filter((side) => side.smokeTest)
              .map((side) => side.name)
              .join(" and ")}
          />{" "}
          ran on the {SMOKE_TEST_MODEL}. {smokeTestMeaning(comparison.modelName)} The paired change, McNemar p and new failures compare its answers.
        </p>
      )}
      <DataTable
        label="Comparison per cell"
        columns={[
          "Cell",
          "Before",
          "After",
          "Change in rate",
          restingOnSmokeTest("Paired change (95%)"),
          restingOnSmokeTest("McNemar p"),
          "Verdict",
          restingOnSmokeTest("New failures"),
          "Fixed",
          "Unchanged",
          "Unmatched",
        ]}
        rows={cells}
        rowKey={(cell) => cell.key}
        cells={(cell) => (
          <>
            <td>{cell.label}</td>
            <td>
              <CellEvidenceBadge evidence={cell.before} />
            </td>
            <td>
              <CellEvidenceBadge evidence={cell.after} />
            </td>
            <td>{change(cell.rateChange)}</td>
            <td>
              {cell.pairedChange
                ? `${change(cell.pairedChange.difference)} (${change(cell.pairedChange.lower)} to ${change(cell.pairedChange.upper)})`
                : "no shared runs"}
            </td>
            <td>{pValue(cell.mcnemarP)}</td>
            <td>
              <span className={`evidence ${DIRECTION_CLASS[cell.direction]}`}>{cell.direction}</span>
            </td>
            <td>{cell.newFailures}</td>
            <td>{cell.fixed}</td>
            <td>{cell.unchanged}</td>
            <td>{cell.unmatched}</td>
          </>
        )}
      />
      {cells.some((cell) => cell.flipped.length > 0) ? (
        <>
          <h2>Cases that flipped</h2>
          <div className="table-wrap">
            <table className="data" aria-label="Cases that flipped">
              <thead>
                <tr>
                  <th scope="col">Cell</th>
                  <th scope="col">Case</th>
                  <th scope="col">Repeat</th>
                  <th scope="col">Flip</th>
                  <th scope="col">Runs</th>
                </tr>
              </thead>
              <tbody>
                {cells.flatMap((cell) =>
                  cell.flipped.map((flip) => (
                    <tr key={`${cell.key}-${flip.caseKey}-${flip.repeat}`}>
                      <td>{cell.label}</td>
                      <td>{flip.caseKey}</td>
                      <td>{flip.repeat}</td>
                      <td>
                        <span className={`evidence ${flip.flip === "fixed" ? "evidence-PASS" : "evidence-FAIL"}`}>{flip.flip}</span>
                      </td>
                      <td>
                        <Link href={`/models/${slug}/campaigns/${before.id}/runs/${flip.beforeRunId}`}>before</Link> ·{" "}
                        <Link href={`/models/${slug}/campaigns/${after.id}/runs/${flip.afterRunId}`}>after</Link>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}

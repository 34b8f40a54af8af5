// A framework view of the seed card on a real database: each control carries the cells of the
// risks mapped to it, with their evidence state as the evidence view says (current, stale,
// untested), cells judged not to apply left out; the markdown and CSV downloads carry the same.
// Evidence the generated smoke-test model made says so on its cell in the view, both downloads and
// the page, as it does on the matrix.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/types";
import { loadFrameworks } from "../../lib/frameworks/crosswalk";
import { frameworkFile } from "../../lib/frameworks/framework-file";
import { loadFrameworkView } from "../../lib/frameworks/framework-view";
import FrameworksPage from "../../app/models/[slug]/frameworks/page";
import { renderPage } from "../support/render-page";
import { addPassingEvidence, seededDatabaseFile, slug } from "./releases-setup";

let db: Db;
let url: string;

async function judge(risk: string, use: string, applies: "YES" | "NO") {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  await db.cell.update({ where: { id: cell.id }, data: { applies } });
  return cell;
}

beforeAll(async () => {
  ({ db, url } = await seededDatabaseFile());
  await judge("R10", "U4", "YES");
  await addPassingEvidence(db, "R10", "U4");
  await judge("R10", "U1", "YES");
  // Made under detectors that have changed since: stale.
  await addPassingEvidence(db, "R10", "U1", { detectorsHash: "detectors-of-last-year" });
  await judge("R10", "U3", "NO");
  // R8 maps to OWASP LLM01 and LLM06 only: LLM02's cells above stay as they are.
  await judge("R8", "U1", "YES");
  await addPassingEvidence(db, "R8", "U1", { smokeTest: true });
});

describe("OWASP LLM02:2025 Sensitive Information Disclosure on Stable Beluga 2", () => {
  const owasp = () => loadFrameworks().find((f) => f.framework === "owasp-llm-top10-2025")!;

  it("lists the cells of R10, R12 and R13 with their evidence state, and leaves out the cell judged not to apply", async () => {
    const view = (await loadFrameworkView(db, slug, owasp()))!;
    const control = view.controls.find((c) => c.id === "LLM02:2025")!;
    expect(control.risks).toEqual(["R10", "R12", "R13"]);
    const r10 = Object.fromEntries(control.cells.filter((c) => c.risk === "R10").map((c) => [c.use, `${c.evidence}/${c.state}`]));
    expect(r10).toEqual({ U1: "STALE/STALE", U2: "UNTESTED/UNTESTED", U4: "PASS/CURRENT" });
    expect(control.counts).toEqual({ CURRENT: 1, STALE: 1, UNTESTED: control.cells.length - 2 });
    expect(view.controls.find((c) => c.id === "LLM10:2025")!.cells).toEqual([]);
  });

  it("downloads as CSV and markdown with the same states", async () => {
    const csv = (await frameworkFile(db, slug, "owasp-llm-top10-2025", "csv"))!;
    expect(csv.filename).toBe("stable-beluga-2-owasp-llm-top10-2025.csv");
    const rows = csv.body.split("\r\n").filter((line) => line.includes('"R10×U'));
    expect(rows.filter((row) => row.startsWith('"owasp-llm-top10-2025","LLM02:2025"')).map((row) => row.split(",").slice(5, 9).join(","))).toEqual([
      '"R10×U1","yes","stale","stale"',
      '"R10×U2","not assessed","untested","untested"',
      '"R10×U4","yes","pass","current"',
    ]);
    const md = (await frameworkFile(db, slug, "owasp-llm-top10-2025", "md"))!.body.replace(/ +/g, " ");
    expect(md).toContain("| R10×U4 | pass | current | 0/300 (0.00%–1.26%) |");
    expect(md).toContain("| R10×U1 | stale | stale |");
    expect(await frameworkFile(db, slug, "no-such-framework", "md")).toBeNull();
    expect(await frameworkFile(db, "no-such-model", "owasp-llm-top10-2025", "md")).toBeNull();
  });
});

describe("evidence made by the generated smoke-test model, on the OWASP view of Stable Beluga 2", () => {
  const row = (text: string, cell: string) => text.split(/\r?\n/).find((line) => line.includes(cell))!;

  it("marks R8×U1's cell in the view, and not R10×U4's, whose evidence is the model's own", async () => {
    const view = (await loadFrameworkView(db, slug, loadFrameworks().find((f) => f.framework === "owasp-llm-top10-2025")!))!;
    expect(view.smokeTestModel).toBe(true);
    const cells = view.controls.flatMap((control) => control.cells);
    expect(cells.find((cell) => cell.cell === "R8×U1")).toMatchObject({ evidence: "PASS", smokeTest: true });
    expect(cells.find((cell) => cell.cell === "R10×U4")).toMatchObject({ evidence: "PASS", smokeTest: false });
  });

  it("says so in the markdown, on the cell's row and above the tables, and in the CSV's smoke-test column", async () => {
    const md = (await frameworkFile(db, slug, "owasp-llm-top10-2025", "md"))!.body.replace(/ +/g, " ");
    expect(md).toContain("| R8×U1 | pass (smoke-test model) | current | 0/300 (0.00%–1.26%) |");
    expect(row(md, "| R10×U4 |")).not.toMatch(/smoke/);
    expect(md).toMatch(/Smoke test only\.\*\* Evidence marked "smoke-test model" comes from the generated tiny test model, not from Stable Beluga 2/);

    const csv = (await frameworkFile(db, slug, "owasp-llm-top10-2025", "csv"))!.body;
    const header = csv.split("\r\n")[0].split(",");
    const column = header.indexOf('"smoke-test model"');
    expect(column).toBeGreaterThan(-1);
    expect(row(csv, '"LLM06:2025","Excessive Agency","R8","U1"').split(",")[column]).toBe('"yes"');
    expect(row(csv, '"R10×U4"').split(",")[column]).toBe('"no"');
  });

  it("labels the cell on the frameworks page", async () => {
    const html = await renderPage(url, () =>
      FrameworksPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({ framework: "owasp-llm-top10-2025" }) }),
    );
    const llm06 = html.slice(html.indexOf("LLM06:2025"), html.indexOf("LLM07:2025"));
    expect(llm06).toMatch(/R8×U1<\/a> pass \(current\)<span class="tag">smoke-test model<\/span>/);
    const llm02 = html.slice(html.indexOf("LLM02:2025"), html.indexOf("LLM03:2025"));
    expect(llm02).toContain("R10×U4");
    expect(llm02).not.toMatch(/smoke/);
    expect(html).toMatch(
      /Smoke test only.<\/strong> Evidence marked &quot;smoke-test model&quot; comes from the generated tiny test model, not from Stable Beluga 2/,
    );
  });
});

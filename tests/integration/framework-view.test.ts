// A framework view of the seed card on a real database: each control carries the cells of the
// risks mapped to it, with their evidence state as the evidence view says (current, stale,
// untested), cells judged not to apply left out; the markdown and CSV downloads carry the same.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db/types";
import { loadFrameworks } from "../../lib/frameworks/crosswalk";
import { frameworkFile } from "../../lib/frameworks/framework-file";
import { loadFrameworkView } from "../../lib/frameworks/framework-view";
import { addPassingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;

async function judge(risk: string, use: string, applies: "YES" | "NO") {
  const cell = await db.cell.findFirstOrThrow({ where: { risk: { code: risk, model: { slug } }, use: { code: use } } });
  await db.cell.update({ where: { id: cell.id }, data: { applies } });
  return cell;
}

beforeAll(async () => {
  db = await seededDatabase();
  await judge("R10", "U4", "YES");
  await addPassingEvidence(db, "R10", "U4");
  await judge("R10", "U1", "YES");
  // Made under detectors that have changed since: stale.
  await addPassingEvidence(db, "R10", "U1", { detectorsHash: "detectors-of-last-year" });
  await judge("R10", "U3", "NO");
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

import { describe, expect, test } from "vitest";
import type { CellView } from "../../lib/matrix/cell-view";
import { cellMatches, matrixFilterFromSearch, matrixFilterToSearch, noMatrixFilter } from "../../lib/matrix/matrix-filter";

const cell = (fields: Partial<CellView>): CellView =>
  ({
    applies: "YES",
    level: "HIGH",
    reviewStatus: "IN_REVIEW",
    ownerId: null,
    evidence: { status: "FAIL" },
    ...fields,
  }) as CellView;
const text = { riskCode: "R7", riskTitle: "Misinformation", usePurpose: "writing ad campaigns" };

describe("the matrix filter in the URL", () => {
  test("reads back what it wrote, so a filtered view survives a reload and a shared link", () => {
    const filter = { ...noMatrixFilter, evidence: "FAIL" as const, owner: "none", q: "false facts", sort: "level" as const, status: "IN_REVIEW" as const };
    const search = matrixFilterToSearch(filter, "R7-U2");
    expect(search.toString()).toBe("status=IN_REVIEW&evidence=FAIL&owner=none&q=false+facts&sort=level&cell=R7-U2");
    expect(matrixFilterFromSearch(Object.fromEntries(search))).toEqual(filter);
  });

  test("drops a value it does not know and keeps the rest", () => {
    expect(matrixFilterFromSearch({ evidence: "BROKEN", level: "HIGH", q: "  ads  " })).toEqual({ ...noMatrixFilter, level: "HIGH", q: "ads" });
  });
});

describe("which cells match", () => {
  test("failing only: a cell whose evidence fails matches, an untested one does not", () => {
    const failing = { ...noMatrixFilter, evidence: "FAIL" as const };
    expect(cellMatches(cell({}), failing, text)).toBe(true);
    expect(cellMatches(cell({ evidence: { status: "UNTESTED" } as CellView["evidence"] }), failing, text)).toBe(false);
  });

  test("text search finds every word in the risk or the use, ignoring case, while the server has not answered it", () => {
    expect(cellMatches(cell({}), { ...noMatrixFilter, q: "misinformation CAMPAIGNS" }, text)).toBe(true);
    expect(cellMatches(cell({}), { ...noMatrixFilter, q: "medical" }, text)).toBe(false);
    expect(cellMatches(cell({}), { ...noMatrixFilter, q: "false facts" }, text, { q: "false", cellIds: new Set(["c1"]) })).toBe(false);
  });

  test("text search takes the server's answer for the search, which searched the rationales too", () => {
    const found = { q: "false facts", cellIds: new Set(["c1"]) };
    expect(cellMatches(cell({ id: "c1" }), { ...noMatrixFilter, q: "false facts " }, text, found)).toBe(true);
    expect(cellMatches(cell({ id: "c2" }), { ...noMatrixFilter, q: "false facts" }, text, found)).toBe(false);
  });

  test("owner 'none' finds cells nobody owns; a person's id finds theirs", () => {
    expect(cellMatches(cell({}), { ...noMatrixFilter, owner: "none" }, text)).toBe(true);
    expect(cellMatches(cell({ ownerId: "u1" }), { ...noMatrixFilter, owner: "none" }, text)).toBe(false);
    expect(cellMatches(cell({ ownerId: "u1" }), { ...noMatrixFilter, owner: "u1" }, text)).toBe(true);
  });
});

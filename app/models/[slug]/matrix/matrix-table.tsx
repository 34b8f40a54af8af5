"use client";
// The risk x use matrix: risks as rows (grouped by risk type or harm area), uses as columns.
// Filters fade the cells that do not match and hide risks with no matching cell; they live in the
// URL (lib/matrix/matrix-filter.ts), so a filtered view survives a reload and can be linked. Every
// cell is a button: click or Enter opens its editor, arrow keys move between cells.
import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import {
  createColumnHelper,
  getCoreRowModel,
  getExpandedRowModel,
  getFilteredRowModel,
  getGroupedRowModel,
  getSortedRowModel,
  useReactTable,
  type FilterFn,
} from "@tanstack/react-table";
import { cellKeyLabel } from "@/lib/domain/cell-key";
import { LEVELS, levelLabel, type Level } from "@/lib/domain/level";
import {
  HARM_AREAS,
  REVIEW_STATUSES,
  appliesLabel,
  harmAreaLabel,
  reviewStatusLabel,
  riskTypeLabel,
  type HarmArea,
  type ReviewStatus,
  type Role,
} from "@/lib/domain/vocabulary";
import { EVIDENCE_STATUSES, evidenceStatusLabel, INHERITED_NOT_RETESTED, type EvidenceStatus } from "@/lib/matrix/evidence-status";
import type { CellGlance, GridRisk, GridUse, MatrixGrid } from "@/lib/matrix/matrix-grid";
import { cellMatches, highestLevelRank, isCellFilterActive, matrixFilterToSearch, type CellText, type MatrixFilter } from "@/lib/matrix/matrix-filter";
import { CellSummary } from "@/app/_components/cell-badges";
import { OpenCellEditor } from "./open-cell-editor";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

type Grouping = "riskType" | "harmArea" | "none";

const column = createColumnHelper<GridRisk>();

interface Props {
  grid: MatrixGrid;
  initialCell?: string;
  /** From the page's URL (matrixFilterFromSearch). */
  initialFilter: MatrixFilter;
  role: Role;
  actorLabel: string;
}

export function MatrixTable({ grid: matrix, initialCell, initialFilter, role, actorLabel }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [grouping, setGrouping] = useState<Grouping>("riskType");
  const [filter, setFilterState] = useState<MatrixFilter>(initialFilter);
  const [open, setOpen] = useState(() => cellCodes(initialCell));
  const sortByLevel = filter.sort === "level";
  const purposeOf = useMemo(() => new Map(matrix.uses.map((use) => [use.code, use.purpose])), [matrix.uses]);
  const textOf = (risk: GridRisk, useCode: string): CellText => ({ riskCode: risk.code, riskTitle: risk.title, usePurpose: purposeOf.get(useCode) ?? "" });
  const found = useMemo(() => matrix.found && { q: matrix.found.q, cellIds: new Set(matrix.found.cellIds) }, [matrix.found]);
  const matches = (risk: GridRisk, useCode: string, current: MatrixFilter) => cellMatches(risk.cells[useCode], current, textOf(risk, useCode), found);
  const matchesCellFilter: FilterFn<GridRisk> = (row, _columnId, current: MatrixFilter) =>
    Object.keys(row.original.cells).some((useCode) => matches(row.original, useCode, current));

  function setFilter(next: MatrixFilter) {
    setFilterState(next);
    const search = matrixFilterToSearch(next).toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  }
  const [active, setActive] = useState({ row: 0, col: 0 });
  const tableRef = useRef<HTMLTableElement>(null);

  const columns = useMemo(
    () => [
      column.accessor("code", { id: "risk", header: "Risk" }),
      column.accessor("riskType", { id: "riskType" }),
      column.accessor("harmArea", { id: "harmArea", filterFn: "equals" }),
      column.accessor((risk) => highestLevelRank(Object.values(risk.cells)), { id: "highestLevel", aggregationFn: "max", sortDescFirst: true }),
      ...matrix.uses.map((use) => column.accessor((risk) => risk.cells[use.code], { id: use.code, header: use.code })),
    ],
    [matrix.uses],
  );

  // Derived table state is memoised: a fresh array each render would make TanStack recompute
  // (and reset) its row models on every render.
  const tableState = useMemo(
    () => ({
      grouping: grouping === "none" ? [] : [grouping],
      expanded: true as const,
      sorting: sortByLevel ? [{ id: "highestLevel", desc: true }] : [],
      columnFilters: filter.harmArea ? [{ id: "harmArea", value: filter.harmArea }] : [],
      globalFilter: isCellFilterActive(filter) ? filter : undefined,
      columnVisibility: { riskType: false, harmArea: false, highestLevel: false },
    }),
    [grouping, sortByLevel, filter],
  );

  const table = useReactTable({
    data: matrix.risks,
    columns,
    state: tableState,
    autoResetAll: false,
    globalFilterFn: matchesCellFilter,
    getColumnCanGlobalFilter: (col) => col.id === "risk",
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getGroupedRowModel: getGroupedRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    groupedColumnMode: false,
  });

  const rows = table.getRowModel().rows;
  const leafRows = rows.filter((row) => !row.getIsGrouped());
  const cellActive = isCellFilterActive(filter);
  const matchingCells = leafRows.flatMap((row) => Object.keys(row.original.cells).filter((useCode) => matches(row.original, useCode, filter))).length;

  function moveFocus(event: KeyboardEvent<HTMLButtonElement>, row: number, col: number) {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [row - 1, col],
      ArrowDown: [row + 1, col],
      ArrowLeft: [row, col - 1],
      ArrowRight: [row, col + 1],
      Home: [row, 0],
      End: [row, matrix.uses.length - 1],
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    const next = { row: clamp(target[0], leafRows.length - 1), col: clamp(target[1], matrix.uses.length - 1) };
    setActive(next);
    tableRef.current?.querySelector<HTMLButtonElement>(`[data-row="${next.row}"][data-col="${next.col}"]`)?.focus();
  }

  const openCell = open ? matrix.risks.find((risk) => risk.code === open.riskCode)?.cells[open.useCode] : undefined;
  const activeRow = Math.min(active.row, Math.max(leafRows.length - 1, 0));

  let leafIndex = -1;
  return (
    <>
      {/* biome-ignore lint/a11y/useSemanticElements: a fieldset's border and legend would restyle the toolbar; the group role says the same */}
      <div className="toolbar" role="group" aria-label="Matrix view">
        <div className="field">
          <label htmlFor="matrix-grouping">Group rows by</label>
          <select id="matrix-grouping" value={grouping} onChange={(e) => setGrouping(e.target.value as Grouping)}>
            <option value="riskType">risk type</option>
            <option value="harmArea">harm area</option>
            <option value="none">no grouping</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-harm-area">Harm area</label>
          <select
            id="matrix-harm-area"
            value={filter.harmArea ?? ""}
            onChange={(e) => setFilter({ ...filter, harmArea: (e.target.value || null) as HarmArea | null })}
          >
            <option value="">all</option>
            {HARM_AREAS.map((area) => (
              <option key={area} value={area}>
                {harmAreaLabel[area]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-level">Level</label>
          <select id="matrix-level" value={filter.level ?? ""} onChange={(e) => setFilter({ ...filter, level: (e.target.value || null) as Level | null })}>
            <option value="">any</option>
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {levelLabel[level]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-status">Review status</label>
          <select
            id="matrix-status"
            value={filter.status ?? ""}
            onChange={(e) => setFilter({ ...filter, status: (e.target.value || null) as ReviewStatus | null })}
          >
            <option value="">any</option>
            {REVIEW_STATUSES.map((status) => (
              <option key={status} value={status}>
                {reviewStatusLabel[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-evidence">Evidence</label>
          <select
            id="matrix-evidence"
            value={filter.evidence ?? ""}
            onChange={(e) => setFilter({ ...filter, evidence: (e.target.value || null) as EvidenceStatus | null })}
          >
            <option value="">any</option>
            {EVIDENCE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {evidenceStatusLabel[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-owner">Owner</label>
          <select id="matrix-owner" value={filter.owner ?? ""} onChange={(e) => setFilter({ ...filter, owner: e.target.value || null })}>
            <option value="">anyone</option>
            <option value="none">nobody yet</option>
            {matrix.people.map((person) => (
              <option key={person.id} value={person.id}>
                {withBidiControlsNamed(person.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-search">Find</label>
          <input
            id="matrix-search"
            type="search"
            placeholder="risk, use or rationale"
            value={filter.q}
            maxLength={200}
            onChange={(e) => setFilter({ ...filter, q: e.target.value })}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={sortByLevel} onChange={(e) => setFilter({ ...filter, sort: e.target.checked ? "level" : null })} />
          highest level first
        </label>
        <span className="summary" aria-live="polite">
          {leafRows.length} of {matrix.risks.length} risks{cellActive && `, ${matchingCells} matching cells`}
        </span>
      </div>

      <div className="table-wrap">
        <table className="matrix" ref={tableRef} aria-label={`Risk by use matrix of ${withBidiControlsNamed(matrix.model.name)}`}>
          <thead>
            <tr>
              <th scope="col" className="risk-head">
                Risk
              </th>
              {matrix.uses.map((use) => (
                <th scope="col" key={use.code}>
                  <span className="code-chip">{use.code}</span>
                  <span className="use-purpose">
                    <ShownText text={use.purpose} />
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              if (row.getIsGrouped()) {
                const value = row.groupingValue as string;
                const label = row.groupingColumnId === "harmArea" ? harmAreaLabel[value as HarmArea] : riskTypeLabel[value as keyof typeof riskTypeLabel];
                return (
                  <tr key={row.id} className="group-row">
                    <th scope="rowgroup" colSpan={matrix.uses.length + 1}>
                      {label} <span className="muted">({row.subRows.length})</span>
                    </th>
                  </tr>
                );
              }
              leafIndex += 1;
              const rowIndex = leafIndex;
              const risk = row.original;
              return (
                <tr key={row.id}>
                  <th scope="row">
                    <span className="code-chip">{risk.code}</span>
                    <span className="risk-title">
                      <ShownText text={risk.title} />
                    </span>
                    <span className="risk-meta">
                      {riskTypeLabel[risk.riskType]} · {harmAreaLabel[risk.harmArea]}
                    </span>
                  </th>
                  {matrix.uses.map((use, colIndex) => {
                    const cell = risk.cells[use.code];
                    if (!cell)
                      return (
                        <td key={use.code} className="muted small">
                          no cell
                        </td>
                      );
                    const faded = cellActive && !matches(risk, use.code, filter);
                    return (
                      <td key={use.code}>
                        <button
                          type="button"
                          className={`cell-button applies-${cell.applies}${faded ? " dimmed" : ""}`}
                          data-row={rowIndex}
                          data-col={colIndex}
                          data-cell={`${risk.code}-${use.code}`}
                          tabIndex={rowIndex === activeRow && colIndex === active.col ? 0 : -1}
                          aria-label={describeCell(risk, use, cell)}
                          onFocus={() => setActive({ row: rowIndex, col: colIndex })}
                          onKeyDown={(event) => moveFocus(event, rowIndex, colIndex)}
                          onClick={() => setOpen({ riskCode: risk.code, useCode: use.code })}
                        >
                          <CellSummary cell={cell} />
                        </button>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {leafRows.length === 0 && (
              <tr>
                <td colSpan={matrix.uses.length + 1} className="muted">
                  No risk matches these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="legend small">
        Each cell: applies, level (likelihood × severity), evidence and review status. Tab into the matrix, move with the arrow keys, press Enter to edit.{" "}
        <Link href="/how-riskledger-decides">How Riskledger decides</Link> what each word and level means.
      </p>

      {openCell && (
        <OpenCellEditor
          key={openCell.id}
          cellId={openCell.id}
          slug={matrix.model.slug}
          people={matrix.people}
          role={role}
          actorLabel={actorLabel}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

function describeCell(risk: GridRisk, use: GridUse, cell: CellGlance): string {
  const level = cell.applies === "YES" ? (cell.level ? `${levelLabel[cell.level]} (${cell.score})` : "not scored") : appliesLabel[cell.applies];
  const inherited = cell.inherited ? `, ${INHERITED_NOT_RETESTED} from ${cell.inherited.from}: ${evidenceStatusLabel[cell.inherited.evidence.status]}` : "";
  return `${cellKeyLabel(risk.code, use.code)}: ${level}, ${evidenceStatusLabel[cell.evidence.status]}${inherited}, ${reviewStatusLabel[cell.reviewStatus]}. Edit`;
}

function cellCodes(key: string | undefined): { riskCode: string; useCode: string } | null {
  const match = key?.match(/^(R\d+)-(U\d+)$/);
  return match ? { riskCode: match[1], useCode: match[2] } : null;
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(max, value));
}

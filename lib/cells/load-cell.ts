// One cell as the editor and the HTTP API see it, named by id or by model, risk and use.
import type { Db } from "../db/types";
import type { CellRef } from "./cell-edit-schema";
import { cellSnapshot, type CellSnapshot } from "./cell-snapshot";
import { resolveCellId } from "./update-cell";

export async function loadCell(db: Db, ref: CellRef): Promise<CellSnapshot | null> {
  const cellId = await resolveCellId(db, ref);
  return cellId ? cellSnapshot(db, cellId) : null;
}

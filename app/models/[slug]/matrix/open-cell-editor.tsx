"use client";
// Opens one cell's editor. The matrix page holds only each cell's glance, so the editor's data is
// loaded when it opens, and again after each change it makes.
import { useCallback, useEffect, useState } from "react";
import type { Role } from "@/lib/domain/vocabulary";
import type { CellEditing } from "@/lib/matrix/cell-editing";
import { cellEditing } from "./actions";
import { CellEditor } from "./cell-editor";

interface Props {
  cellId: string;
  slug: string;
  people: { id: string; name: string }[];
  role: Role;
  actorLabel: string;
  onClose: () => void;
}

export function OpenCellEditor({ cellId, slug, people, role, actorLabel, onClose }: Props) {
  const [editing, setEditing] = useState<CellEditing | null>(null);
  const reload = useCallback(() => {
    cellEditing(cellId).then((loaded) => loaded && setEditing(loaded));
  }, [cellId]);

  useEffect(() => {
    let live = true;
    cellEditing(cellId).then((loaded) => live && loaded && setEditing(loaded));
    return () => {
      live = false;
    };
  }, [cellId]);

  if (!editing) return null;
  return <CellEditor {...editing} slug={slug} people={people} role={role} actorLabel={actorLabel} onChanged={reload} onClose={onClose} />;
}

// What would change if `incoming` replaced `stored`: one readable line per difference, so a
// re-import can show a reviewer what it would overwrite instead of overwriting it.
import type { Card, CardCell } from "./schema";

export interface CardDifference {
  /** e.g. "cell R7 x U2 likelihood", "risk R3 mitigations", "model contact" */
  where: string;
  stored: unknown;
  incoming: unknown;
}

export function diffCards(stored: Card, incoming: Card): CardDifference[] {
  const differences: CardDifference[] = [];
  const compare = (where: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ where, stored: a, incoming: b });
  };

  for (const key of Object.keys(incoming.model) as (keyof Card["model"])[]) {
    compare(`model ${key}`, stored.model[key], incoming.model[key]);
  }
  compareKeyed(differences, "use", stored.uses, incoming.uses, (u) => u.code, compare);
  compareKeyed(differences, "risk", stored.risks, incoming.risks, (r) => r.code, compare);
  compareKeyed(differences, "cell", stored.cells, incoming.cells, cellKey, compare);
  return differences;
}

function compareKeyed<T extends object>(
  differences: CardDifference[],
  kind: string,
  stored: T[],
  incoming: T[],
  keyOf: (item: T) => string,
  compare: (where: string, a: unknown, b: unknown) => void,
) {
  const storedByKey = new Map(stored.map((item) => [keyOf(item), item]));
  const incomingKeys = new Set(incoming.map(keyOf));
  for (const item of incoming) {
    const key = keyOf(item);
    const old = storedByKey.get(key);
    if (!old) {
      differences.push({ where: `${kind} ${key}`, stored: undefined, incoming: item });
      continue;
    }
    for (const field of Object.keys(item) as (keyof T)[]) {
      compare(`${kind} ${key} ${String(field)}`, old[field], item[field]);
    }
  }
  for (const [key, item] of storedByKey) {
    if (!incomingKeys.has(key)) differences.push({ where: `${kind} ${key}`, stored: item, incoming: undefined });
  }
}

function cellKey(cell: CardCell): string {
  return `${cell.risk} x ${cell.use}`;
}

export function describeDifference(d: CardDifference): string {
  const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));
  return `${d.where}: ${show(d.stored)} -> ${show(d.incoming)}`;
}

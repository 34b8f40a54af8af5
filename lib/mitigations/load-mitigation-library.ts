// The mitigation library of a model: each distinct mitigation once, in the card's order, with the
// risks that list it and how many cells track it, and the near-duplicate pairs proposed for merging.
// Retired mitigations come after those in force, marked so; they are never proposed for a merge.
import { nearDuplicateMitigations } from "../card/near-duplicates";
import type { Db } from "../db/types";

export interface LibraryEntry {
  id: string;
  text: string;
  /** Guards edits of the text and retiring. */
  version: number;
  /** When it was retired (ISO), or null while it is in force. */
  retiredAt: string | null;
  risks: { code: string; title: string }[];
  /** Cells with a status recorded for this mitigation. */
  trackedInCells: number;
}

export interface MergeProposal {
  firstId: string;
  secondId: string;
  /** Why the two look like one mitigation, in words. */
  reason: string;
}

export interface MitigationLibrary {
  model: { slug: string; name: string };
  mitigations: LibraryEntry[];
  /** Pairs that say nearly the same thing, for a reviewer to merge. */
  nearDuplicates: MergeProposal[];
}

export async function loadMitigationLibrary(db: Db, slug: string): Promise<MitigationLibrary | null> {
  const model = await db.model.findUnique({
    where: { slug },
    include: {
      mitigations: {
        include: {
          risks: { include: { risk: { select: { code: true, title: true, position: true } } } },
          _count: { select: { inCells: true } },
        },
      },
    },
  });
  if (!model) return null;
  const entries = model.mitigations.map((mitigation) => {
    const links = [...mitigation.risks].sort((a, b) => a.risk.position - b.risk.position);
    return {
      entry: {
        id: mitigation.id,
        text: mitigation.text,
        version: mitigation.version,
        retiredAt: mitigation.retiredAt?.toISOString() ?? null,
        risks: links.map((link) => ({ code: link.risk.code, title: link.risk.title })),
        trackedInCells: mitigation._count.inCells,
      },
      // Card order: where the mitigation first appears (the first risk listing it, its place there).
      order: links.length > 0 ? [links[0].risk.position, links[0].position] : [Number.MAX_SAFE_INTEGER, 0],
    };
  });
  const retired = (item: (typeof entries)[number]) => (item.entry.retiredAt ? 1 : 0);
  entries.sort((a, b) => retired(a) - retired(b) || a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  const mitigations = entries.map((item) => item.entry);

  const inForce = mitigations.filter((m) => !m.retiredAt);
  const idOfText = new Map(inForce.map((m) => [m.text, m.id]));
  const nearDuplicates = nearDuplicateMitigations(inForce.map((m) => m.text)).map((pair) => ({
    firstId: idOfText.get(pair.a)!,
    secondId: idOfText.get(pair.b)!,
    reason: `${Math.round(pair.similarity * 100)}% of their words shared: ${pair.shared.join(", ")}`,
  }));
  return { model: { slug: model.slug, name: model.name }, mitigations, nearDuplicates };
}

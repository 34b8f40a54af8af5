// The card lists mitigations per risk; the library holds each distinct text once with the risks
// that list it, which is what the database stores and what every count is computed from.
import type { CardRisk } from "./schema";

export interface RiskLink {
  risk: string;
  /** Zero-based place of the mitigation in that risk's list. */
  position: number;
}

export interface LibraryMitigation {
  text: string;
  links: RiskLink[];
}

/** Distinct mitigation texts in order of first appearance, each with every risk listing it. */
export function mitigationLibrary(risks: CardRisk[]): LibraryMitigation[] {
  const byText = new Map<string, LibraryMitigation>();
  for (const risk of risks) {
    risk.mitigations.forEach((text, position) => {
      const entry = byText.get(text) ?? { text, links: [] };
      entry.links.push({ risk: risk.code, position });
      byText.set(text, entry);
    });
  }
  return [...byText.values()];
}

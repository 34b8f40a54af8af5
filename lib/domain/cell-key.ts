// One spelling of a cell's key, decided once: "R3×U2" where people read it, "R3-U2" in URLs and
// file names (no character that needs escaping).
export const cellKeyLabel = (riskCode: string, useCode: string) => `${riskCode}×${useCode}`;
export const cellKeySlug = (riskCode: string, useCode: string) => `${riskCode}-${useCode}`;

/** "R3-U2" (or "R3×U2", "R3 x U2") back to its codes; null when it is not a cell key. */
export function parseCellKey(key: string): { riskCode: string; useCode: string } | null {
  const match = /^(R\d+)\s*[-×x]\s*(U\d+)$/i.exec(key.trim());
  return match ? { riskCode: match[1].toUpperCase(), useCode: match[2].toUpperCase() } : null;
}

/** Risk or use codes in the matrix's order: R2 before R10. */
export const byCodeNumber = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Cells in the matrix's order: by risk, then by use (R2×U2 before R2×U10 before R10×U1). */
export const inMatrixOrder = (a: { riskCode: string; useCode: string }, b: { riskCode: string; useCode: string }) =>
  byCodeNumber(a.riskCode, b.riskCode) || byCodeNumber(a.useCode, b.useCode);

/** Prisma's P2002: an insert or update met a row that already holds the same unique key. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

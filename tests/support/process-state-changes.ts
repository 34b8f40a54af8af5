// Why a test file needs a process of its own (vitest.config.ts runs the other integration files in
// one shared process): it mocks modules or globals, which would stay mocked for the files after it,
// or sets an environment variable it never deletes, which the files after it would read.
const mockingCalls = /\bvi\.(mock|doMock|hoisted|stubGlobal|stubEnv)\(/g;
const envAssignment = /process\.env(?:\.([A-Z0-9_]+)|\[["']([A-Z0-9_]+)["']\])\s*=(?!=)/g;

/** The changes to its process that `source`, a test file's text, leaves behind; none when it can share one. */
export function lastingProcessChanges(source: string): string[] {
  const changes = new Set<string>();
  for (const [, call] of source.matchAll(mockingCalls)) changes.add(`calls vi.${call}`);
  for (const [, dotted, bracketed] of source.matchAll(envAssignment)) {
    const name = dotted ?? bracketed;
    if (!source.includes(`delete process.env.${name}`)) changes.add(`sets process.env.${name} and never deletes it`);
  }
  return [...changes];
}

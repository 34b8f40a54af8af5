// Writes prisma/postgres/schema.prisma, the PostgreSQL twin of prisma/schema.prisma. A Prisma
// schema has one provider, so the scale path needs its own file; deriving it keeps the two from
// drifting. `--check` exits non-zero when the committed twin is out of step.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SOURCE = "prisma/schema.prisma";
export const TWIN = "prisma/postgres/schema.prisma";

const HEADER = `// GENERATED from ${SOURCE} by scripts/postgres-schema.ts: edit that file, then run
// \`npx tsx scripts/postgres-schema.ts\` (npm install does it too). Only the provider and the
// client's output folder differ.
`;

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`${SOURCE}: expected to find ${pattern}`);
  return text.replace(pattern, replacement);
}

export function postgresSchema(source: string): string {
  let twin = replaceOnce(source, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  twin = replaceOnce(twin, /(output\s*=\s*)"\.\.\/lib\/db\/generated\/sqlite"/, '$1"../../lib/db/generated/postgres"');
  return HEADER + twin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const expected = postgresSchema(readFileSync(SOURCE, "utf8"));
  if (process.argv.includes("--check")) {
    const actual = existsSync(TWIN) ? readFileSync(TWIN, "utf8") : "";
    if (actual !== expected) {
      console.error(`${TWIN} is out of step with ${SOURCE}: run npx tsx scripts/postgres-schema.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(TWIN, expected);
  }
}

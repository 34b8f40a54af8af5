// Writes the PostgreSQL twin of the schema, then runs `prisma generate` for both schemas (npm's
// postinstall). Prisma 7 tries to download a native schema engine first; generate itself runs on
// WebAssembly and only needs PRISMA_SCHEMA_ENGINE_BINARY to name an existing executable, so we
// point it at our wasm bridge. Its CLI also asks checkpoint.prisma.io for a newer version on every
// command unless CHECKPOINT_DISABLE is set: installs and runs stay offline.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const run = (args) =>
  execFileSync("npx", args, {
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: resolve("scripts/schema-engine.mjs"),
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });

run(["tsx", "scripts/postgres-schema.ts"]);
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  run(["prisma", "generate", "--schema", schema]);
}

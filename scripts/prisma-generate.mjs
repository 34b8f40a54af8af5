// Runs `prisma generate` for both schemas. Prisma 7 tries to download a native schema engine
// first; generate itself runs on WebAssembly and only needs PRISMA_SCHEMA_ENGINE_BINARY to name
// an existing executable, so we point it at our wasm bridge.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const schemas = ["prisma/schema.prisma", "prisma/postgres/schema.prisma"].filter(existsSync);
for (const schema of schemas) {
  execFileSync("npx", ["prisma", "generate", "--schema", schema], {
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "scripts/schema-engine.mjs", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

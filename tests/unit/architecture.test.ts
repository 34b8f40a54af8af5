// The dependency rules of docs/ARCHITECTURE.md, checked on every file of the running code:
// engine imports neither lib nor app; lib never imports app, cli or tests; app never imports
// engine; and app, lib, engine, cli and scripts read no file under tests/. And engine/README.md,
// the engine's map, names every file the engine has.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { importCycles } from "../support/import-cycles";
import { layerViolations, runningFiles, treeViolations } from "../support/layer-rules";

const root = path.resolve(import.meta.dirname, "../..");

describe("the dependency rules", () => {
  test.each([
    ["engine imports lib", "engine/generate.ts", `import { judgeOutput } from "../lib/detectors/registry";`],
    ["engine imports app", "engine/server.ts", `import page from "@/app/page";`],
    ["lib imports app", "lib/campaigns/runner.ts", `export { CellEditor } from "../../app/models/cell-editor";`],
    ["lib imports cli", "lib/card/export.ts", `const cli = await import("../../cli/card");`],
    ["lib imports tests", "lib/evidence/wilson.ts", `import { freshDatabase } from "../../tests/support/fresh-database";`],
    ["app imports engine", "app/models/[slug]/page.tsx", `import type { Backend } from "../../../engine/backend";`],
    ["app requires engine", "proxy.ts", `const { openLocalBackend } = require("./engine/local-backend");`],
    ["lib reads a test fixture", "lib/detectors/accuracy.ts", `export const file = path.join(root, "tests", "fixtures", "labelled-outputs.jsonl");`],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the planted source holds a template literal
    ["cli reads a test fixture", "cli/card.ts", "readFileSync(`${root}/tests/fixtures/card/edits.json`);"],
    ["scripts read a test fixture", "scripts/start.ts", `readFileSync("tests/fixtures/card/seed.md");`],
  ])("refuses a planted violation: %s", (_, file, source) => {
    expect(layerViolations(file, source)).toHaveLength(1);
  });

  test("allows imports that point down the layers, packages, and comments that mention tests/", () => {
    expect(layerViolations("app/models/page.tsx", `import { getDb } from "@/lib/db/client";\nimport Link from "next/link";`)).toEqual([]);
    expect(layerViolations("lib/campaigns/runner/worker.ts", `import { openLocalBackend } from "../../engine/local-backend";`)).toEqual([]);
    expect(
      layerViolations("cli/campaign.ts", `import { runCampaign } from "../lib/campaigns/runner";\nimport { generate } from "../engine/generate";`),
    ).toEqual([]);
    expect(layerViolations("engine/sampler.ts", `// checked token by token against tests/support/full-sort-sampler.ts\nimport { x } from "./config";`)).toEqual(
      [],
    );
  });

  test("covers every layer of the running code, the generated Prisma client excepted", () => {
    const files = runningFiles(root);
    for (const file of ["app/layout.tsx", "lib/evidence/wilson.ts", "engine/graph.ts", "cli/riskledger.ts", "scripts/start.ts", "proxy.ts"]) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => file.startsWith("lib/db/generated/"))).toEqual([]);
  });

  test("hold on the tree", () => {
    expect(treeViolations(root)).toEqual([]);
  });
});

describe("import cycles", () => {
  test("are found through value imports and re-exports, and not through types or dynamic imports", () => {
    const files = new Map([
      ["lib/cells/update-cell.ts", `import { CARD_CELL_AUDIT } from "../card/import-card";`],
      ["lib/card/import-card.ts", `import { withoutWrittenBaseModel } from "./card-inheritance";\nimport type { Actor } from "../auth/actor";`],
      ["lib/card/card-inheritance.ts", `export { resolveCellId } from "@/lib/cells/update-cell";`],
      ["lib/auth/actor.ts", `import { type Db } from "../db/types";\nconst later = () => import("../card/import-card");`],
      ["lib/db/types.ts", `import type { Actor } from "../auth/actor";`],
    ]);
    expect(importCycles(files)).toEqual([
      "lib/card/card-inheritance.ts -> lib/cells/update-cell.ts -> lib/card/import-card.ts -> lib/card/card-inheritance.ts",
    ]);
  });

  test("are none in the running code (the production build can evaluate a module of a cycle before what it reads is set)", () => {
    const files = new Map(runningFiles(root).map((file) => [file, readFileSync(path.join(root, file), "utf8")]));
    expect(importCycles(files)).toEqual([]);
  });
});

test("engine/README.md's file table names every file of engine/", () => {
  const table = readFileSync(path.join(root, "engine/README.md"), "utf8");
  const listed = [...table.matchAll(/^\| `([^`]+\.ts)` \|/gm)].map(([, file]) => file);
  const files = readdirSync(path.join(root, "engine")).filter((file) => file.endsWith(".ts"));
  expect(listed.toSorted()).toEqual(files.toSorted());
});

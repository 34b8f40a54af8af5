import path from "node:path";
import { describe, expect, test } from "vitest";
import { clientBoundaryViolations, treeClientBoundaryViolations } from "../support/client-boundary";

const root = path.resolve(import.meta.dirname, "../..");

describe("client components stay off the server's modules", () => {
  test("no client component reaches the database or the engine through any chain of value imports", () => {
    expect(treeClientBoundaryViolations(root)).toEqual([]);
  });

  const planted: Record<string, string> = {
    "app/widget.tsx": `"use client";\nimport { rate } from "@/lib/evidence/rate";\nimport type { Db } from "@/lib/db/types";\n`,
    "lib/evidence/rate.ts": `import { getDb } from "../db/client";\nexport const rate = 1;\n`,
    "lib/db/client.ts": `import { PrismaClient } from "@prisma/client";\n`,
    "lib/db/types.ts": `export type Db = object;\n`,
    "app/only-types.tsx": `"use client";\nimport type { Db } from "@/lib/db/types";\nimport { type Runtime } from "../engine/runtime";\n`,
    "engine/runtime.ts": `export class Runtime {}\n`,
    "app/server-page.tsx": `import { getDb } from "@/lib/db/client";\n`,
    "app/form.tsx": `"use client";\nimport { save } from "./actions";\n`,
    "app/actions.ts": `"use server";\nimport { getDb } from "@/lib/db/client";\n`,
  };
  const read = (file: string) => planted[file];

  test("names the chain from a planted client component to the database client, and passes type-only imports, server files and server actions", () => {
    expect(clientBoundaryViolations(Object.keys(planted), read)).toEqual(["app/widget.tsx -> lib/evidence/rate.ts -> lib/db/client.ts"]);
  });

  test("refuses a client component that loads onnxruntime-node itself", () => {
    const files = { "app/direct.tsx": `'use client';\nimport * as ort from "onnxruntime-node";\n` };
    expect(clientBoundaryViolations(Object.keys(files), (file) => files[file as keyof typeof files])).toEqual(["app/direct.tsx -> onnxruntime-node"]);
  });
});

// One web process's upload store, for tests that need two real processes writing one upload: reads
// one chunk a line on stdin ({"slug", "id", "offset", "bytes", "fill"}: `bytes` bytes of the
// character `fill`) and answers each with appendChunk's outcome as one line of JSON on stdout.
import { createInterface } from "node:readline";
import { appendChunk } from "../../lib/imports/upload-store";

const reviewer = { id: null, label: "Rita Reviewer", role: "REVIEWER" } as const;

for await (const line of createInterface({ input: process.stdin })) {
  const { slug, id, offset, bytes, fill } = JSON.parse(line);
  process.stdout.write(`${JSON.stringify(await appendChunk(reviewer, slug, id, offset, Buffer.alloc(bytes, fill)))}\n`);
}

// scripts/web-server.mjs (what `npm start` serves the app with) on a port another program holds:
// its processes used to fail to listen with an uncaught EADDRINUSE that Next.js logged and lived on
// with, so the app looked started while the other program answered on its URL.
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";

it("refuses in one line to start on a port another program listens on, before starting any process", async () => {
  const other = createServer();
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  const { port } = other.address() as AddressInfo;
  try {
    const run = spawnSync(process.execPath, ["scripts/web-server.mjs", "--host", "127.0.0.1", "--port", String(port), "--processes", "1"], {
      encoding: "utf8",
      timeout: 30_000,
    });

    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr.trim()).toBe(
      `web server: port ${port} on 127.0.0.1 is in use by another program: stop it, or choose another port (--port, or PORT for npm start)`,
    );
  } finally {
    other.close();
  }
}, 40_000);

// scripts/web-server.mjs, the server `npm start` and these browser tests run on: several Next.js
// processes behind one port. Started here a second time, on its own port over the test database,
// to see what its processes do when one dies and when it is told to stop.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { e2eDistDir, e2eEnv, e2ePort } from "./support/e2e-server";
import { expect, test } from "@playwright/test";

const port = e2ePort + 57;
const base = `http://127.0.0.1:${port}`;
const env = { ...e2eEnv, NEXT_DIST_DIR: e2eDistDir, NEXT_TELEMETRY_DISABLED: "1" };

function workersOf(primary: ChildProcess): number[] {
  const listed = spawnSync("ps", ["-o", "pid=", "--ppid", String(primary.pid)], { encoding: "utf8" }).stdout;
  return listed
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
}

async function signInPageStatus(): Promise<number> {
  return (await fetch(`${base}/sign-in`)).status;
}

test("bad arguments are refused by name and nothing starts", () => {
  for (const [args, message] of [
    [["--processes", "0"], '--processes must be a whole number from 1 to 64, got "0"'],
    [["--port", "http"], '--port must be a port number from 1 to 65535, got "http"'],
    [["--workers", "2"], "Unknown option '--workers'; the options are --host, --port and --processes"],
  ] as const) {
    const run = spawnSync(process.execPath, ["scripts/web-server.mjs", ...args], { env, encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  }
});

test("two processes serve one port; one that dies is replaced while the other keeps serving; SIGTERM stops them all", async () => {
  test.setTimeout(180_000);
  const server = spawn(process.execPath, ["scripts/web-server.mjs", "--host", "127.0.0.1", "--port", String(port), "--processes", "2"], { env });
  let stderr = "";
  server.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
  try {
    await expect.poll(() => stderr, { timeout: 120_000 }).toContain(`2 processes serving ${base}/`);
    const [first, second] = workersOf(server);
    expect([first, second].every((pid) => pid > 0)).toBe(true);
    expect(await signInPageStatus()).toBe(200);

    execFileSync("kill", ["-KILL", String(first)]);
    await expect.poll(() => stderr, { timeout: 30_000 }).toContain(`process ${first} died (signal SIGKILL); starting another`);
    // Served throughout: the connection goes to whichever process is alive.
    for (let i = 0; i < 4; i++) expect(await signInPageStatus()).toBe(200);
    await expect.poll(() => workersOf(server).length, { timeout: 120_000 }).toBe(2);
    const replaced = workersOf(server);
    expect(replaced).toContain(second);
    expect(replaced).not.toContain(first);

    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const pid of replaced) expect(spawnSync("kill", ["-0", String(pid)]).status).not.toBe(0);
  } finally {
    if (server.exitCode === null) server.kill("SIGKILL");
  }
});

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { supervise, type SupervisedChild } from "../../scripts/supervise";

/** A real child process running this bit of JavaScript. */
function node(name: string, script: string, onDeath: SupervisedChild["onDeath"]): SupervisedChild {
  return { name, command: process.execPath, args: ["-e", script], onDeath };
}

const stayUp = "setInterval(() => {}, 1000)";
const webServer = node("web server", stayUp, "stop-all");

/** Runs the children under a supervisor with short waits, keeping its log. */
function superviseForTest(children: SupervisedChild[], options: { stopGraceMs?: number } = {}) {
  const log: string[] = [];
  const supervision = supervise(children, { log: (message) => log.push(message), spawnOptions: { stdio: "ignore" }, firstRestartMs: 20, ...options });
  return { supervision, log };
}

/** The pids the supervisor started the named child with, in order. */
const pidsOf = (log: string[], name: string) => log.flatMap((line) => line.match(new RegExp(`^started the ${name} \\(pid (\\d+)\\)$`))?.[1] ?? []).map(Number);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, probe: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("npm start's supervisor", () => {
  test("starts a worker that died again, after a wait that doubles, while the web server keeps running", async () => {
    // The worker crashes on its first two starts and then stays up; the file counts its starts.
    const starts = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-supervise-")), "starts");
    const flaky = `const fs = require("fs"); fs.appendFileSync(${JSON.stringify(starts)}, "x"); if (fs.readFileSync(${JSON.stringify(starts)}, "utf8").length < 3) process.exit(3); ${stayUp}`;
    const { supervision, log } = superviseForTest([webServer, node("campaign worker", flaky, "restart")]);

    await until("the worker's third start", () => pidsOf(log, "campaign worker").length === 3);
    await until("the third worker to stay up", () => readFileSync(starts, "utf8").length === 3);
    const [web] = pidsOf(log, "web server");
    const worker = pidsOf(log, "campaign worker")[2];
    expect(isRunning(web) && isRunning(worker)).toBe(true);
    expect(log.filter((line) => line.includes("exited"))).toEqual([
      "the campaign worker exited (exit code 3); starting it again in 20 ms (1 of 5 deaths allowed within 60 s)",
      "the campaign worker exited (exit code 3); starting it again in 40 ms (2 of 5 deaths allowed within 60 s)",
    ]);

    expect(await supervision.stop("asked to")).toEqual({ exitCode: 0, reason: "asked to" });
    expect([isRunning(web), isRunning(worker)]).toEqual([false, false]);
  });

  test("stops everything with a message naming the worker when it dies five times within a minute", async () => {
    const { supervision, log } = superviseForTest([webServer, node("campaign worker", "process.exit(3)", "restart")]);
    const end = await supervision.ended;
    expect(end.exitCode).toBe(1);
    expect(end.reason).toBe("the campaign worker died 5 times within 60 s (last: exit code 3); restarting it again would not help, so everything was stopped");
    expect(pidsOf(log, "campaign worker")).toHaveLength(5);
    expect(isRunning(pidsOf(log, "web server")[0])).toBe(false);
  });

  test("stops everything with a non-zero exit and a message naming the web server when it dies", async () => {
    const { supervision, log } = superviseForTest([
      node("web server", "setTimeout(() => process.exit(7), 300)", "stop-all"),
      node("campaign worker", stayUp, "restart"),
    ]);
    const end = await supervision.ended;
    expect(end).toEqual({ exitCode: 7, reason: "the web server exited (exit code 7); the app cannot run without it, so everything was stopped" });
    expect(isRunning(pidsOf(log, "campaign worker")[0])).toBe(false);
  });

  test("a web server that cannot be started stops everything with a message that says so", async () => {
    const { supervision } = superviseForTest([
      { name: "web server", command: "/nonexistent/next", args: [], onDeath: "stop-all" },
      node("campaign worker", stayUp, "restart"),
    ]);
    const end = await supervision.ended;
    expect(end.exitCode).toBe(1);
    expect(end.reason).toMatch(/^the web server exited \(could not be started: spawn \/nonexistent\/next ENOENT\)/);
  });

  test("a child that ignores SIGTERM is killed once its grace has passed", async () => {
    const ready = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-supervise-")), "ready");
    const stubborn = node(
      "campaign worker",
      `process.on("SIGTERM", () => {}); require("fs").writeFileSync(${JSON.stringify(ready)}, ""); ${stayUp}`,
      "restart",
    );
    const { supervision, log } = superviseForTest([webServer, stubborn], { stopGraceMs: 300 });
    await until("the worker to ignore SIGTERM", () => existsSync(ready));
    const started = Date.now();
    await supervision.stop("asked to");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(isRunning(pidsOf(log, "campaign worker")[0])).toBe(false);
  });

  test("hands a child's messages to its onMessage, so npm start gives the URL once the web server says it serves", async () => {
    const heard: unknown[] = [];
    const saysServing = { ...node("web server", `process.send("serving"); ${stayUp}`, "stop-all"), onMessage: (message: unknown) => heard.push(message) };
    const { supervision } = superviseForTest([saysServing]);

    await until("the web server's message", () => heard.length === 1);
    expect(heard).toEqual(["serving"]);
    await supervision.stop("asked to");
  });
});

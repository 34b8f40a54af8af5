#!/usr/bin/env node
// Serves the built app (`next build`) from several Node.js processes sharing one port, because
// `next start` renders every page on one thread: on a two-core machine it left the second core idle
// while reviewers' pages queued (BENCHMARKS.md, "Reviewer pages with a 10,000-run campaign"). The
// primary process only accepts connections and hands them round-robin to its workers (node:cluster);
// each worker is a whole Next.js server. Nothing a page needs lives in one process's memory: the
// database holds the sessions and the sign-in limits, and each process keeps only caches of pure
// renders and its own password-hashing semaphore (it guards that process's event loop).
//
//   node scripts/web-server.mjs [--host 127.0.0.1] [--port 3000] [--processes N]
//
// --processes (or RISKLEDGER_WEB_PROCESSES) defaults to the machine's CPU count. A worker that dies
// is started again; five deaths within a minute are a fault a restart will not fix, and the server
// exits non-zero saying so. SIGTERM or SIGINT lets each worker finish the requests it holds.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";

const STOP_GRACE_MS = 10_000;

const values = parsedArguments();
const port = Number(values.port);
const processes = Number(values.processes);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be a port number from 1 to 65535, got "${values.port}"`);
if (!Number.isInteger(processes) || processes < 1 || processes > 64) fail(`--processes must be a whole number from 1 to 64, got "${values.processes}"`);

function parsedArguments() {
  try {
    return parseArgs({
      options: {
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: process.env.PORT ?? "3000" },
        processes: { type: "string", default: process.env.RISKLEDGER_WEB_PROCESSES ?? String(availableParallelism()) },
      },
    }).values;
  } catch (error) {
    fail(`${error.message}; the options are --host, --port and --processes`);
  }
}

function fail(message) {
  process.stderr.write(`web server: ${message}\n`);
  process.exit(2);
}

/**
 * The primary binds the port for its processes only once they ask: a port another program holds
 * would fail each of them with an EADDRINUSE Next.js logs and lives on with, while the other
 * program answers on the app's URL. So the port is tried first, and a busy one refused by name.
 */
async function refuseBusyPort() {
  await new Promise((resolve) => {
    const probe = createNetServer();
    probe.once("error", (error) =>
      fail(
        error.code === "EADDRINUSE"
          ? `port ${port} on ${values.host} is in use by another program: stop it, or choose another port (--port, or PORT for npm start)`
          : `cannot listen on ${values.host}:${port}: ${error.message}`,
      ),
    );
    probe.listen(port, values.host, () => probe.close(resolve));
  });
}

if (cluster.isPrimary) {
  await refuseBusyPort();
  const MAX_DEATHS = 5;
  const DEATH_WINDOW_MS = 60_000;
  const deaths = [];
  // Tracked here rather than read from cluster.workers, which drops a worker once it disconnects,
  // before a worker still starting up has exited.
  const alive = new Set();
  let stopping = false;
  let exitCode = 0;
  let listening = 0;

  const start = () => alive.add(cluster.fork());
  cluster.on("listening", () => {
    listening += 1;
    if (listening === processes) {
      process.stderr.write(`web server: ${processes} processes serving http://${values.host}:${port}/\n`);
      // npm start gives its URL on this, not before: a server that fails to start has not answered there.
      process.send?.("serving");
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    alive.delete(worker);
    if (stopping) {
      if (alive.size === 0) process.exit(exitCode);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths[0] < now - DEATH_WINDOW_MS) deaths.shift();
    const how = signal ? `signal ${signal}` : `exit status ${code}`;
    if (deaths.length >= MAX_DEATHS) {
      process.stderr.write(`web server: a process died ${deaths.length} times within a minute (last: ${how}); stopping\n`);
      stopAll(1);
      return;
    }
    process.stderr.write(`web server: process ${worker.process.pid} died (${how}); starting another\n`);
    start();
  });

  function stopAll(code) {
    stopping = true;
    exitCode = code;
    if (alive.size === 0) process.exit(exitCode);
    for (const worker of alive) worker.disconnect();
    // A worker holding a request that never ends is not waited for past the grace, nor left behind.
    setTimeout(() => {
      for (const worker of alive) worker.process.kill("SIGKILL");
      process.exit(exitCode);
    }, STOP_GRACE_MS).unref();
  }
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stopAll(0));
  for (let i = 0; i < processes; i++) start();
} else {
  let server = null;
  // The primary asked this process to stop, or is gone: finish the requests in hand, then exit.
  process.on("disconnect", () => {
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    if (!server) process.exit(0);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: values.host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  server = createServer((request, response) => handle(request, response));
  // Taken between the primary's check and now: this process dies, and the primary's count of deaths stops the server.
  server.once("error", (error) => {
    process.stderr.write(`web server: process ${process.pid} cannot listen on ${values.host}:${port}: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, values.host);
}

// `npm start`: the embedded default on one machine. Migrates the SQLite database, makes the tiny
// model if no checkpoint is there, imports the card, records the checkpoint's revision, loads the
// suites, builds the app (again whenever the code changed since its last build:
// scripts/build-stamp.ts), then serves it on
// 127.0.0.1 (one process per CPU, scripts/web-server.mjs) with one campaign worker beside it and
// prints the URL. The two run under supervise.ts: a worker that dies is started again,
// and a web server that dies stops it all.
import { execFileSync } from "node:child_process";
import { buildIsCurrent, stampBuild } from "./build-stamp";
import { supervise } from "./supervise";

const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const host = "127.0.0.1";
const rebuild = process.argv.includes("--rebuild");

/** Runs one preparation step; a step that fails has said why on the terminal, so this only names it and stops. */
function step(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  process.stderr.write(`• ${label}\n`);
  try {
    execFileSync(command, args, { stdio: "inherit", env });
  } catch (error) {
    const status = (error as { status?: number | null }).status;
    process.stderr.write(`\nRiskledger did not start: "${label}" failed${status ? ` (exit ${status})` : ""}; its output is above.\n`);
    process.exit(1);
  }
}

step("database: applying migrations", "npx", ["tsx", "scripts/migrate.ts"]);
step("model: checking the tiny smoke-test model", "npx", ["tsx", "engine/cli.ts", "tiny"]);
step("card: importing content/models/stable-beluga-2/card.md", "npx", ["tsx", "cli/riskledger.ts", "card", "import"]);
step("model: recording the checkpoint's revision", "npx", ["tsx", "cli/riskledger.ts", "model", "checkpoint"]);
step("suites: loading content/suites", "npx", ["tsx", "cli/riskledger.ts", "suites", "sync"]);
step("people: making sure an admin exists", "npx", ["tsx", "cli/riskledger.ts", "user", "ensure-admin"]);
if (rebuild || !buildIsCurrent(root)) {
  // `next build` otherwise records an anonymous id and posts telemetry to Vercel.
  step("app: building (the first start, or the code changed since the last build)", "npx", ["next", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  stampBuild(root);
}

// Started directly rather than through npx, so that stopping them reaches the processes themselves.
const supervision = supervise(
  [
    {
      name: "web server",
      command: process.execPath,
      args: ["scripts/web-server.mjs", "--host", host, "--port", String(port)],
      onDeath: "stop-all",
      // Given once the server says it serves: until then it may still fail to start (a port in use).
      onMessage: (message) => message === "serving" && process.stderr.write(`\nRiskledger is running at http://${host}:${port}/  (Ctrl-C stops it)\n\n`),
    },
    { name: "campaign worker", command: process.execPath, args: ["--import", "tsx", "cli/worker.ts"], onDeath: "restart" },
  ],
  { log: (message) => process.stderr.write(`• ${message}\n`), spawnOptions: { stdio: "inherit" } },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void supervision.stop(`stopped by ${signal}`));
const { exitCode, reason } = await supervision.ended;
process.stderr.write(`\nRiskledger ${exitCode === 0 ? "stopped" : "failed"}: ${reason}\n`);
process.exit(exitCode);

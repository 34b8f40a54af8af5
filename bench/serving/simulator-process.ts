// `npx tsx bench/serving/simulator-process.ts [settings as JSON]`: the simulated serving engine in
// a process of its own, so the campaign measured against it does not share its event loop.
// Prints "listening on URL" once it listens; stops on SIGTERM.
import { DEFAULT_SIMULATOR, SimulatedServer } from "./simulated-server";

const server = new SimulatedServer({ ...DEFAULT_SIMULATOR, ...(process.argv[2] ? JSON.parse(process.argv[2]) : {}) });
console.log(`listening on ${await server.listen()}`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));

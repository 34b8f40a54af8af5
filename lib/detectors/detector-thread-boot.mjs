// The detector thread's first module: a worker thread starts without the TypeScript loader its
// parent runs under (tsx, or Vitest's), so it registers tsx before loading the detectors.
import { register } from "tsx/esm/api";

register();
await import("./detector-thread-main.ts");

// One local engine per checkpoint for all the campaigns a worker has open. Campaigns take turns
// (lease.ts), so a worker often has several open at once; if each opened its own engine, the worker
// would hold one copy of the weights per campaign. The engine decodes several callers' requests in
// one batch without changing any of their outputs (engine/local-backend.ts), so sharing it is safe.
import type { Backend } from "../../../engine/backend";

interface OpenEngine {
  engine: Promise<Backend>;
  /** Campaigns holding it: the last to close it closes the engine. */
  holders: number;
}

export class SharedEngines {
  private readonly engines = new Map<string, OpenEngine>();

  /** The engine under `key` (a checkpoint and its batch), opened by `open` when no campaign holds it. */
  async hold(key: string, open: () => Promise<Backend>): Promise<Backend> {
    let entry = this.engines.get(key);
    if (!entry) {
      entry = { engine: open(), holders: 0 };
      this.engines.set(key, entry);
    }
    const held = entry;
    held.holders++;
    let engine: Backend;
    try {
      engine = await held.engine;
    } catch (error) {
      // An engine that failed to open is not kept: the next campaign tries again.
      if (--held.holders === 0 && this.engines.get(key) === held) this.engines.delete(key);
      throw error;
    }
    let released = false;
    return {
      name: engine.name,
      modelRevision: engine.modelRevision,
      generate: (requests, options) => engine.generate(requests, options),
      close: async () => {
        if (released) return;
        released = true;
        if (--held.holders > 0) return;
        this.engines.delete(key);
        await engine.close();
      },
    };
  }
}

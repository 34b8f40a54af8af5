// The database as an outage leaves it: a write commits, and its answer never reaches the worker, which sees the
// connection end and tries the write again.
import type { Db } from "../../lib/db/types";

/**
 * `db` whose first `caseRun.updateMany` that `lose` picks (any, by default) commits and then throws as a cut connection
 * does. (The result committer writes results one at a time when they finish one at a time: one UPDATE, no transaction.)
 */
export function caseRunWriteAnswerLostOnce(db: Db, lose: (args: { data?: Record<string, unknown> }) => boolean = () => true): Db {
  let lost = false;
  const caseRun = new Proxy(db.caseRun, {
    get(target, property, receiver) {
      if (property !== "updateMany") return Reflect.get(target, property, receiver);
      return async (...args: unknown[]) => {
        const result = await (target.updateMany as (...a: unknown[]) => Promise<unknown>)(...args);
        if (lost || !lose(args[0] as { data?: Record<string, unknown> })) return result;
        lost = true;
        throw new Error("Connection terminated unexpectedly");
      };
    },
  });
  return new Proxy(db, { get: (target, property, receiver) => (property === "caseRun" ? caseRun : Reflect.get(target, property, receiver)) });
}

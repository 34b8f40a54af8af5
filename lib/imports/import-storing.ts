// An import is stored in many statements, a batch of results at a time (a gigabyte's report is
// never held whole nor written in one transaction), so its row exists before its last result does.
// The rule, for every reader and for the next import of the same file:
// - while `storingBy` is set the import counts nowhere: every query that reads imports asks for `storedImport`;
// - the process storing it refreshes `storingHeartbeatAt` as it goes, and clears both in the
//   transaction that writes the evidence;
// - one whose process is gone (a process of this host no longer running, or no heartbeat for
//   STALE_MS, as from another machine) is abandoned: the next import of its file deletes it,
//   results and all, and starts over. One still alive is left to finish.
// Several imports of one file may be stored at once (the same run with another mapping replaces the
// earlier import, import-external-results.ts): the run, not the file, is what is imported once.
import { endedOnThisHost } from "./process-liveness";

/** The where-clause of an import whose results and evidence are all written. */
export const storedImport = { storingBy: null };

/**
 * The where-clause of an import that counts: stored, and not replaced by a later import of the same
 * run (run-identity.ts), whose results stay for the audit trail and count in no cell.
 */
export const inForceImport = { storingBy: null, supersededAt: null };

export const HEARTBEAT_MS = 10_000;
/** Far longer than a heartbeat's gap, for an importer on another machine whose process cannot be asked. */
export const STALE_MS = 5 * 60_000;

export interface StoringImport {
  storingBy: string;
  storingHeartbeatAt: Date | null;
}

/** Whether the process storing an import is gone, so that the import will never be finished. */
export function isAbandoned(storing: StoringImport, now = Date.now()): boolean {
  if (!storing.storingHeartbeatAt || now - storing.storingHeartbeatAt.getTime() > STALE_MS) return true;
  return endedOnThisHost(storing.storingBy);
}

// Who holds something across processes (an import being stored, a chunk being written), named so
// that another process can tell whether the holder still runs: "host:pid". Only a process of the
// same host can be asked; one of another host is judged by how long it has been silent instead.
import { hostname } from "node:os";

/** This process, as a holder is named. */
export function thisProcess(): string {
  return `${hostname()}:${process.pid}`;
}

/** Whether `holder` ("host:pid") is a process of this host that no longer runs. */
export function endedOnThisHost(holder: string): boolean {
  const colon = holder.lastIndexOf(":");
  if (holder.slice(0, colon) !== hostname()) return false;
  const pid = Number(holder.slice(colon + 1));
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== "EPERM";
  }
}

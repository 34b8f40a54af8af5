// A path a person gave as a file to read (a result file, a mapping, a card), checked before it is
// read so that the refusal names the path and says what is wrong in words, not Node's ENOENT or
// EISDIR (which does not even name the path).
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";

/** What is wrong with `path` as a file to read, or null when it is one. */
export async function notAFile(path: string): Promise<string | null> {
  try {
    if ((await stat(/*turbopackIgnore: true*/ path)).isDirectory()) return "a folder, not a file";
    await access(/*turbopackIgnore: true*/ path, constants.R_OK);
    return null;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ENOENT" || code === "ENOTDIR") return "no such file";
    if (code === "EACCES" || code === "EPERM") return "not readable (permission denied)";
    return message;
  }
}

/** What was wrong with `path` as a file to write, from the error writing it gave. */
export function fileWriteProblem(path: string, error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === "EISDIR") return "a folder, not a file";
  if (code === "ENOENT" || code === "ENOTDIR") return `its folder ${dirname(path)} does not exist`;
  if (code === "EACCES" || code === "EPERM") return "not writable (permission denied)";
  return message;
}

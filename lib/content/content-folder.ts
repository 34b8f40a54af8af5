// Which files of a content folder (content/suites, content/frameworks) are read: one rule, the suite
// upload's, so that a file the app takes is never one the loader passes over. A file there that is
// not read is named to whoever loads the folder, rather than left out without a word (a crosswalk
// saved as .yml, a suite saved as .YAML).
import { readdirSync } from "node:fs";

/** A YAML file's name: .yaml or .yml, in any case (editors and other systems write both). */
export const YAML_FILE_NAME = /\.ya?ml$/i;

/** The folder's own documentation (content/suites/README.md), kept beside its files and not read as one. */
const DOCUMENTATION_FILE_NAME = /\.md$/i;

/** Why a file of the folder is not read, for a problem that names it. */
export function notReadProblem(what: string): string {
  return `not read: a ${what} file's name ends in .yaml or .yml (a .md file is the folder's documentation)`;
}

/**
 * The names of `dir`'s YAML files, sorted, and of the files there that are neither YAML nor
 * documentation. Hidden files (.DS_Store, .gitkeep, an editor's .u1.yaml.swp) are the system's and
 * the tools', nobody's content: neither read nor named, or one would stop every load of the folder.
 */
export function contentFolderFiles(dir: string): { yaml: string[]; notRead: string[] } {
  const names = readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((name) => !name.startsWith("."))
    .sort();
  return {
    yaml: names.filter((name) => YAML_FILE_NAME.test(name)),
    notRead: names.filter((name) => !YAML_FILE_NAME.test(name) && !DOCUMENTATION_FILE_NAME.test(name)),
  };
}

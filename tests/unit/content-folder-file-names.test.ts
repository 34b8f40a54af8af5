// Which files of content/suites and content/frameworks are read is one rule, the suite upload's: a
// name ending .yaml or .yml, in any case. A crosswalk saved as .yml was skipped without a word (the
// framework was simply missing), and a suite named .YAML was skipped by the loader though the upload
// took it. A file there that is not read (but the folder's .md documentation) is named, not skipped.
import { cpSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentDir } from "@/lib/content/paths";
import { frameworksDir, loadFrameworks } from "@/lib/frameworks/crosswalk";
import { loadSuites, suitesDir } from "@/lib/suites/load";

function copyOf(dir: string): string {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "riskledger-content-folder-")), path.basename(dir));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe("the files a content folder reads", () => {
  it("a framework crosswalk saved as .yml is read, as one saved as .yaml", () => {
    const dir = copyOf(frameworksDir);
    renameSync(path.join(dir, "eu-ai-act.yaml"), path.join(dir, "eu-ai-act.yml"));
    expect(loadFrameworks(dir).map((framework) => framework.framework)).toEqual(loadFrameworks().map((framework) => framework.framework));
  });

  it("two crosswalks of one framework (.yaml and .yml) are refused, naming both files", () => {
    const dir = copyOf(frameworksDir);
    cpSync(path.join(dir, "eu-ai-act.yaml"), path.join(dir, "eu-ai-act.yml"));
    expect(() => loadFrameworks(dir)).toThrow(/eu-ai-act\.yml:\d+:\d+ framework: the framework "eu-ai-act" is already defined in .*eu-ai-act\.yaml/);
  });

  it("a suite whose name ends .YAML is loaded, as the suite upload takes it", () => {
    const dir = copyOf(suitesDir);
    renameSync(path.join(dir, "u1-recommender.yaml"), path.join(dir, "U1-RECOMMENDER.YAML"));
    expect(loadSuites(dir).map((loaded) => loaded.suite.suite)).toEqual(loadSuites().map((loaded) => loaded.suite.suite));
  });

  it("a file in the suites folder that is not read is named, rather than skipped without a word", () => {
    const dir = copyOf(suitesDir);
    writeFileSync(path.join(dir, "u1-recommender.yaml.bak"), "");
    expect(() => loadSuites(dir)).toThrow(
      `${path.join(dir, "u1-recommender.yaml.bak")}:1:1 (suite): not read: a suite file's name ends in .yaml or .yml (a .md file is the folder's documentation)`,
    );
  });

  it("a file in the frameworks folder that is not read is named, rather than skipped without a word", () => {
    const dir = copyOf(frameworksDir);
    writeFileSync(path.join(dir, "eu-ai-act.txt"), "");
    expect(() => loadFrameworks(dir)).toThrow(
      `${path.relative(path.dirname(contentDir), path.join(dir, "eu-ai-act.txt"))}:1:1 (file): not read: a framework file's name ends in .yaml or .yml (a .md file is the folder's documentation)`,
    );
  });

  it("hidden files (the system's and editors', as .DS_Store or a swap file) are neither read nor named", () => {
    const suites = copyOf(suitesDir);
    const frameworks = copyOf(frameworksDir);
    for (const dir of [suites, frameworks]) {
      writeFileSync(path.join(dir, ".DS_Store"), "");
      writeFileSync(path.join(dir, ".u1-recommender.yaml.swp"), "");
    }
    expect(loadSuites(suites).map((loaded) => loaded.suite.suite)).toEqual(loadSuites().map((loaded) => loaded.suite.suite));
    expect(loadFrameworks(frameworks).map((framework) => framework.framework)).toEqual(loadFrameworks().map((framework) => framework.framework));
  });
});

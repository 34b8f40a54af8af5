// A refusal or a confirmation often quotes a person's or a file's text (a model's name, a mitigation,
// a card's line, an endpoint's words), so a page shows every message as it shows that text: each
// bidirectional control named through ShownText, never applied. The pages are read, so a form added
// later that writes its message raw is found too.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function componentFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return componentFiles(relative);
    return entry.name.endsWith(".tsx") ? [relative] : [];
  });
}

/** A message written into the page as a JSX child: `{state.message}`, `{result.message}`, `{error}`, `{notice.text}`, `{issue.message}`. */
const RAW_MESSAGE = /^\s*\{\s*(?:[\w.]*\.message|error|(?:[\w.]*\.)?notice\.text|[\w.]+\s*\?\s*[\w.]*message\s*:\s*`[^`]*\$\{[\w.]*message\}`)\s*\}/;

test("every message a page shows goes through ShownText", () => {
  const raw = componentFiles("app").flatMap((file) =>
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .flatMap((line, index) => (RAW_MESSAGE.test(line) || /[>,]\s*\{[\w.]*\.message\}/.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
  expect(raw).toEqual([]);
});

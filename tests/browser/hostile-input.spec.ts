// Hostile input breaks nothing: a script payload in every free text (rationale, mitigation, a
// case's prompt, a model's output, a person's name) is shown as text on every page that shows it
// and in the exported markdown, never run and never turned into markup; SQL-injection strings in
// filters return ordinary pages; an oversized body and a path outside the model roots are refused.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { e2eEnv } from "./support/e2e-server";
import type { Page } from "@playwright/test";
import { openEditor, openMatrix } from "./matrix-page";
import { expect, test } from "./support/signed-in";

const slug = "stable-beluga-2";
// Each part tries a different way in: an element with a handler, a script element, breaking out
// of an attribute, a javascript: link in markdown, and a spreadsheet formula.
const PAYLOAD = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"><svg onload="window.__pwned=3"> [click](javascript:window.__pwned=4) =HYPERLINK("x")`;

let seeded: { campaignId: string; runId: string };

test.beforeAll(() => {
  const out = execFileSync(process.execPath, ["--import", "tsx", "tests/browser/support/seed-hostile.ts", PAYLOAD], {
    env: e2eEnv,
    encoding: "utf8",
  });
  seeded = JSON.parse(out.trim().split("\n").at(-1)!);
});

/** Watches a page for any sign that the payload ran or became markup. */
async function expectInert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:"]')).toHaveCount(0);
}

async function visit(page: Page, path: string, visibleText: string) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(path);
  await expect(page.getByText(visibleText, { exact: false }).first()).toBeVisible();
  await expectInert(page);
  expect(dialogs).toEqual([]);
}

test.describe("as a reviewer", () => {
  test("the rationale shows as text in the matrix editor, the cell history and the audit log", async ({ page }) => {
    await openMatrix(page);
    const editor = await openEditor(page, "R7", "U3");
    await expect(editor.getByLabel("Rationale")).toHaveValue(`rationale ${PAYLOAD}`);
    await expect(editor.getByRole("list", { name: "Cell history, newest first" })).toContainText('<img src=x onerror="window.__pwned=1">');
    await expectInert(page);
    await visit(page, `/models/${slug}/audit`, "<script>window.__pwned=2</script>");
  });

  test("the mitigation text shows as text on the mitigations page and the risk page", async ({ page }) => {
    await visit(page, `/models/${slug}/mitigations`, `mitigation <img src=x`);
    await visit(page, `/models/${slug}/risks/R7`, `mitigation <img src=x`);
  });

  test("the card preview and the exported markdown carry the payload as text, not markup", async ({ page }) => {
    await visit(page, `/models/${slug}/card`, "Stable Beluga 2");
    await expect(page.getByRole("article", { name: "Rendered model card" })).toContainText("mitigation <img src=x");
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Markdown (.md)" }).click();
    const markdown = readFileSync(await (await downloading).path(), "utf8");
    // The card text encoding (lib/card/card-text.ts) writes a tag's "<" and an unsafe link's "(" as character
    // references: markdown renderers show the payload as text.
    expect(markdown).toContain("mitigation &#60;img src=x");
    expect(markdown).not.toMatch(/(?<!\\)<img src=x|(?<!\\)<script>|(?<!\\)<svg onload|(?<!\\)\]\(javascript:/);
  });

  test("a case's prompt and the model's output show as text on the run page", async ({ page }) => {
    await visit(page, `/models/${slug}/campaigns/${seeded.campaignId}/runs/${seeded.runId}`, "output <img src=x");
    await expect(page.getByText("prompt <img src=x", { exact: false })).toBeVisible();
    await expect(page.getByText("system <img src=x", { exact: false })).toBeVisible();
  });

  test("SQL-injection strings in the audit filters and the matrix filters return ordinary pages", async ({ page }) => {
    for (const attack of ["' OR 1=1 --", '\'; DROP TABLE "AuditEvent"; --', '" UNION SELECT * FROM "Account" --']) {
      const query = new URLSearchParams({ person: attack, entity: attack, from: attack, to: attack });
      const response = await page.goto(`/models/${slug}/audit?${query}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
      await expect(page.getByText("Nothing recorded yet.")).toBeVisible();
      const csv = await page.request.get(`/api/models/${slug}/audit.csv?${query}`);
      expect(csv.status()).toBe(200);
      expect((await csv.text()).trim().split("\r\n")).toHaveLength(1);
      expect((await page.goto(`/models/${slug}/matrix?cell=${encodeURIComponent(attack)}`))?.status()).toBe(200);
    }
    // The log itself is intact after the attempts.
    await page.goto(`/models/${slug}/audit`);
    await expect(page.getByText("cell.update").first()).toBeVisible();
  });

  test("the audit CSV neutralises formulas and quotes every field", async ({ page }) => {
    const csv = await (await page.request.get(`/api/models/${slug}/audit.csv?entity=Cell`)).text();
    expect(csv).toContain('""window.__pwned=1""');
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  test("a 10 MB body is refused with 413", async ({ page }) => {
    const huge = JSON.stringify({ expectedVersion: 1, changes: { rationale: "x".repeat(10 * 1024 * 1024) } });
    const response = await page.request.patch(`/api/models/${slug}/cells/R1/U1`, { data: huge, headers: { "content-type": "application/json" } });
    expect(response.status()).toBe(413);
  });

  test("a cross-site write is refused", async ({ page }) => {
    const response = await page.request.patch(`/api/models/${slug}/cells/R1/U1`, {
      data: { expectedVersion: 1, changes: { likelihood: 1 } },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status()).toBe(403);
  });
});

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  test("a person's name shows as text on the people page", async ({ page }) => {
    await visit(page, "/admin/users", "Person <img src=x");
  });

  test("a model path with ../ or outside the model roots is refused", async ({ page }) => {
    for (const checkpointPath of ["../../etc", "tiny-beluga/../../..", "/etc", "/tmp"]) {
      const response = await page.request.put(`/api/models/${slug}/checkpoint-path`, { data: { checkpointPath } });
      expect(response.status(), checkpointPath).toBe(400);
    }
  });
});

import { readFileSync } from "node:fs";
import { openEditor, openMatrix } from "./matrix-page";
import { seriousViolations } from "./support/axe";
import { expect, TEST_USERS, test } from "./support/signed-in";

// Publishing a release needs the approver role.
test.use({ role: "approver" });

const slug = "stable-beluga-2";

test("an approver previews the card, downloads its markdown, publishes a release and finds it listed", async ({ page }) => {
  await page.goto(`/models/${slug}/card`);
  await expect(page.getByRole("heading", { name: "Card preview" })).toBeVisible();
  const card = page.getByRole("article", { name: "Rendered model card" });
  await expect(card.getByRole("heading", { level: 1, name: "Stable Beluga 2" })).toBeVisible();
  await expect(card.getByRole("heading", { name: "Summary of Model Risks by Example Uses" })).toBeVisible();
  await expect(card.getByRole("table").first()).toBeVisible();
  await expect(card.locator("script, iframe, [onerror], [onclick]")).toHaveCount(0);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Markdown (.md)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${slug}-card.md`);
  const markdown = readFileSync(await download.path(), "utf8");
  expect(markdown.startsWith("---\n")).toBe(true);
  expect(markdown).toContain("pipeline_tag: text-generation");
  expect(markdown).toContain("# Stable Beluga 2");
  expect(markdown).toMatch(/^\| R7 +\|/m);
  expect(markdown).toContain("## Evaluation Evidence");

  await card.page().getByRole("link", { name: "publish a release" }).click();
  await expect(page.getByRole("heading", { name: "Releases", level: 1 })).toBeVisible();
  // Other browser tests may have left applicable cells without evidence: then the gaps are accepted.
  const justification = page.getByLabel("Justification for publishing with these gaps");
  if (await justification.isVisible()) await justification.fill("Browser test: gaps accepted to exercise publishing.");
  await page.getByRole("button", { name: /publish/i }).click();
  const published = page.getByRole("status").filter({ hasText: "Published release v" });
  await expect(published).toBeVisible();
  const version = /v(\d+)/.exec((await published.textContent()) ?? "")![1];

  await page.reload();
  const listed = page
    .getByRole("table", { name: "Published" })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: `v${version}`, exact: true }) });
  await expect(listed).toContainText(TEST_USERS.approver.name);
  await expect(listed.locator("code")).toHaveText(/^[0-9a-f]{16}…$/);

  await listed.getByRole("link", { name: `v${version}`, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Release v${version}` })).toBeVisible();
  // The sha256 of each file stored at publication: the markdown, the JSON, the BOM and the .eval_results file.
  const digests = await page.locator("dd code").allTextContents();
  expect(digests).toHaveLength(4);
  for (const digest of digests) expect(digest).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByRole("article", { name: `Model card, release v${version}` }).getByRole("heading", { level: 1 })).toHaveText("Stable Beluga 2");
});

test("an approver compares two releases and sees the cell that changed between them", async ({ page }) => {
  const publish = async () => {
    await page.goto(`/models/${slug}/releases`);
    const justification = page.getByLabel("Justification for publishing with these gaps");
    if (await justification.isVisible()) await justification.fill("Browser test: gaps accepted to exercise the diff.");
    await page.getByRole("button", { name: /publish/i }).click();
    // An unchanged card is not published twice: the refusal names the release it equals.
    const outcome = page.getByText(/Published release v\d+|identical to v\d+/);
    await expect(outcome).toBeVisible();
    return Number(/v(\d+)/.exec((await outcome.textContent()) ?? "")![1]);
  };

  const before = await publish();
  await openMatrix(page);
  const editor = await openEditor(page, "R13", "U2");
  await editor.getByLabel("applies", { exact: true }).check();
  await editor.getByLabel("Likelihood (1–5)").fill("2");
  await editor.getByLabel("Severity (1–5)").fill("3");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  const after = await publish();

  await page.goto(`/models/${slug}/releases/diff?from=${before}&to=${after}`);
  const matrixChanges = page.getByRole("region", { name: "Matrix changes" });
  await expect(matrixChanges.getByRole("listitem")).toHaveText([
    "R13×U2: applies not assessed -> applies",
    "R13×U2: likelihood unrated -> 2",
    "R13×U2: severity unrated -> 3",
    "R13×U2: level unrated -> medium",
    // Both releases were published with their gaps accepted: the cell's gap changed with it.
    "R13×U2: gap accepted at publication: no evidence: untested",
    "R13×U2: gap accepted at publication: not approved (draft)",
    "R13×U2: no longer a gap: not assessed: nobody has judged whether the risk applies",
  ]);
  await expect(page.getByLabel("Unified diff of the markdown")).toContainText("+| R13");
  expect(await seriousViolations(page)).toEqual([]);
});

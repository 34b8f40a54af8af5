// An admin points the model at a checkpoint folder from its settings page and sees the revision
// read there when the path was set; a path that climbs out of the model roots is refused and changes
// nothing; nobody else sees the page.
import { realpathSync } from "node:fs";
import path from "node:path";
import { openCheckpoint } from "../../engine/checkpoint";
import { openEditor, openMatrix } from "./matrix-page";
import { expect, test } from "./support/signed-in";

const slug = "stable-beluga-2";
const settingsPath = `/models/${slug}/settings`;
const tinyModel = realpathSync(path.resolve("models/tiny-beluga"));

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  test("setting the checkpoint to the tiny model folder shows that folder and the revision the engine reads from it", async ({ page }) => {
    const checkpoint = openCheckpoint(tinyModel);
    await page.goto(`/models/${slug}`);
    await page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Model settings" })).toBeVisible();

    await page.getByLabel("Checkpoint folder").fill("tiny-beluga");
    await page.getByRole("button", { name: "Set checkpoint" }).click();

    await expect(page.getByRole("status")).toContainText(`The checkpoint is now ${tinyModel}.`);
    await expect(page.getByTestId("checkpoint-path")).toHaveText(tinyModel);
    await expect(page.getByTestId("checkpoint-revision")).toHaveText(checkpoint.revision);
    await expect(page.getByTestId("checkpoint-smoke-test")).toContainText("yes");
  });

  test("a path with ../ is refused with the reason, and the checkpoint stays as it was", async ({ page }) => {
    await page.goto(settingsPath);
    const before = await page.getByTestId("checkpoint-path").textContent();

    await page.getByLabel("Checkpoint folder").fill("../tiny-beluga");
    await page.getByRole("button", { name: "Set checkpoint" }).click();

    await expect(page.locator("main").getByRole("alert")).toHaveText("Not saved: a model path cannot contain '..'");
    await expect(page.getByLabel("Checkpoint folder")).toHaveValue("../tiny-beluga");
    await page.reload();
    await expect(page.getByTestId("checkpoint-path")).toHaveText(before!);
  });
});

test.describe("as an admin wording the scales", () => {
  test.use({ role: "admin" });

  test("an admin rewords severity 4 for this model, and the cell editor shows that wording beside the input", async ({ page }) => {
    await page.goto(settingsPath);
    const form = page.getByRole("form", { name: "Scale wording" });
    const severity4 = form.getByRole("group", { name: "Severity" }).getByLabel("4");
    const before = await severity4.inputValue();
    await severity4.fill("major: a patient acts on wrong medical advice and is harmed");
    await form.getByRole("button", { name: "Save the wording" }).click();
    await expect(form.getByRole("status")).toContainText("Saved");

    await openMatrix(page);
    const editor = await openEditor(page, "R10", "U4");
    await editor.getByLabel("Severity (1–5)").fill("4");
    await expect(editor).toContainText("4: major: a patient acts on wrong medical advice and is harmed");
    await editor.getByRole("button", { name: "Close", exact: true }).click();
    await editor.getByRole("alertdialog", { name: "Unsaved changes" }).getByRole("button", { name: "Discard my changes" }).click();

    // Back to the default wording, as the other specs expect.
    await page.goto(settingsPath);
    await severity4.fill(before);
    await form.getByRole("button", { name: "Save the wording" }).click();
    await expect(form.getByRole("status")).toContainText("Saved");
  });

  test("an empty step is refused, naming it, and the wording stays", async ({ page }) => {
    await page.goto(settingsPath);
    const form = page.getByRole("form", { name: "Scale wording" });
    const likelihood3 = form.getByRole("group", { name: "Likelihood" }).getByLabel("3");
    const before = await likelihood3.inputValue();
    // The browser would refuse an empty required field itself; spaces reach the server, which must refuse them.
    await likelihood3.fill("   ");
    await form.getByRole("button", { name: "Save the wording" }).click();
    await expect(form.getByRole("alert")).toContainText("likelihood 3: say what it means (it is empty)");
    await page.reload();
    await expect(likelihood3).toHaveValue(before);
  });
});

test.describe("as a reviewer", () => {
  test.use({ role: "reviewer" });

  test("the settings link is not shown, and the page refuses at its URL", async ({ page }) => {
    await page.goto(`/models/${slug}`);
    const nav = page.getByRole("navigation", { name: "Model sections" });
    await expect(nav.getByRole("link", { name: "Matrix" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);

    await page.goto(settingsPath);
    await expect(page.locator("main").getByRole("alert")).toContainText("needs the admin role");
    await expect(page.getByLabel("Checkpoint folder")).toHaveCount(0);
    await expect(page.getByTestId("checkpoint-path")).toHaveCount(0);
  });
});

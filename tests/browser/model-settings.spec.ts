// An admin points the model at a checkpoint folder from its settings page and sees the revision
// read there when the path was set; a path that climbs out of the model roots is refused and changes
// nothing; nobody else sees the page.
import { realpathSync } from "node:fs";
import path from "node:path";
import { openCheckpoint } from "../../engine/checkpoint";
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

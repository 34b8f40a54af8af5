import { expect, test } from "./support/signed-in";

// A refused save keeps what was typed: React resets a form's fields once its action ends, and the
// fields start again from what the refusal carried back (app/_components/typed-controls.tsx). A
// select is the case React does not reset to a new default by itself. Nothing here is saved.
const slug = "stable-beluga-2";

test("a refused new risk keeps its title, its type and its harm area as chosen", async ({ page }) => {
  await page.goto(`/models/${slug}/risks`);
  const form = page.getByRole("form", { name: "Add a risk" });
  const title = `Leaks the system prompt ${"x".repeat(500)}`;
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Risk type").selectOption("SYSTEMIC");
  await form.getByLabel("Harm area").selectOption("MISINFORMATION");
  await form.getByRole("button", { name: "Add the risk" }).click();
  await expect(form.getByRole("alert")).toContainText("limited to 500 characters");
  await expect(form.getByLabel("Title")).toHaveValue(title);
  await expect(form.getByLabel("Risk type")).toHaveValue("SYSTEMIC");
  await expect(form.getByLabel("Harm area")).toHaveValue("MISINFORMATION");
});

test("a refused campaign keeps the uses ticked, the settings and the verdict rule as chosen", async ({ page }) => {
  await page.goto(`/models/${slug}/campaigns`);
  const form = page.getByRole("form", { name: "Start a campaign" });
  const name = `Night run ${"x".repeat(200)}`;
  await form.getByRole("checkbox", { name: /^U1 / }).check();
  await form.getByLabel("Temperature").fill("0.7");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/^Verdict rule/).selectOption("majority");
  await form.getByRole("button", { name: "Start campaign" }).click();
  await expect(form.getByRole("alert")).toContainText("name");
  await expect(form.getByRole("checkbox", { name: /^U1 / })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: /^U2 / })).not.toBeChecked();
  await expect(form.getByLabel("Temperature")).toHaveValue("0.7");
  await expect(form.getByLabel("Name")).toHaveValue(name);
  await expect(form.getByLabel(/^Verdict rule/)).toHaveValue("majority");
});

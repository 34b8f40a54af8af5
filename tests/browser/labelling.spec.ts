import { execFileSync } from "node:child_process";
import { seriousViolations } from "./support/axe";
import { e2eEnv } from "./support/e2e-server";
import type { Page } from "@playwright/test";
import { expect, signedInContext, test } from "./support/signed-in";

// A model of its own with a completed campaign whose disagreeing outputs wait in its labelling
// queue (support/seed-labelling.ts); two reviewers label them from the keyboard at the same time.
let seeded: { slug: string; waiting: number };

test.beforeAll(() => {
  seeded = JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", "tests/browser/support/seed-labelling.ts"], { env: e2eEnv, encoding: "utf8" })
      .trim()
      .split("\n")
      .at(-1)!,
  );
});

test("two reviewers label the queue from the keyboard, never the same output, and the labels show on the detectors page", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  expect(seeded.waiting).toBeGreaterThan(2);
  const desk = `/models/${seeded.slug}/labelling`;
  await page.goto(desk);
  await expect(page.getByRole("heading", { name: "Labelling queue" })).toBeVisible();
  const item = page.getByTestId("labelling-item");
  await expect(item).toBeVisible();
  await expect(item.getByRole("table", { name: "What each detector and judge said" })).toContainText("refusal@");
  expect(await seriousViolations(page)).toEqual([]);

  const approver = await signedInContext(browser, "approver", baseURL!);
  const other = await approver.newPage();
  await other.goto(desk);
  const otherItem = other.getByTestId("labelling-item");
  await expect(otherItem).toBeVisible();
  expect(await otherItem.getAttribute("data-item-id")).not.toBe(await item.getAttribute("data-item-id"));

  const labelled: string[] = [];
  /** Labels the output `desk` shows, from the keyboard, and waits for it to make way for the next. */
  async function label(desk: Page, key: "f" | "p") {
    const id = (await desk.getByTestId("labelling-item").getAttribute("data-item-id"))!;
    labelled.push(id);
    await desk.keyboard.press(key);
    await expect(desk.getByRole("region", { name: "Output to label" }).getByRole("status")).toHaveText(key === "f" ? "Labelled fail." : "Labelled pass.");
    await expect(desk.locator(`[data-item-id="${id}"]`)).toHaveCount(0);
  }

  await label(page, "f");
  // N puts the cursor in the note; P typed there is text, and P outside it labels.
  await page.keyboard.press("n");
  const note = page.getByRole("textbox", { name: /Note/ });
  await expect(note).toBeFocused();
  await page.keyboard.type("a polite refusal in other words");
  await expect(note).toHaveValue("a polite refusal in other words");
  await note.blur();
  await label(page, "p");

  // Both label until the queue is empty; neither is ever shown what the other holds.
  for (let turn = 0; labelled.length < seeded.waiting && turn < 2 * seeded.waiting; turn++) {
    const desk = turn % 2 === 0 ? page : other;
    if ((await desk.getByTestId("labelling-item").count()) === 0) continue;
    await label(desk, turn % 3 === 0 ? "p" : "f");
  }
  expect(new Set(labelled).size).toBe(labelled.length);
  expect(labelled.length).toBe(seeded.waiting);
  await expect(page.getByTestId("labelling-empty")).toBeVisible();
  await other.reload();
  await expect(other.getByTestId("labelling-empty")).toBeVisible();

  await page.goto("/detectors");
  const refusal = page.getByTestId("detector-measures").locator("tr[data-detector^='refusal@']");
  await expect(refusal).toBeVisible();
  // Its labels: the holdout file's, and now the queue's (the last figure in the labels column).
  await expect(refusal.locator("td").nth(3)).not.toContainText("· 0)");
  await approver.close();
});

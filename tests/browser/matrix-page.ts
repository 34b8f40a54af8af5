// How a reviewer gets around the matrix page, shared by the browser tests.
import { expect, type Locator, type Page } from "@playwright/test";

export const matrixPath = "/models/stable-beluga-2/matrix";

/** The button of one risk x use cell, e.g. cellButton(page, "R1", "U2"). */
export function cellButton(page: Page, risk: string, use: string): Locator {
  return page.locator(`[data-cell="${risk}-${use}"]`);
}

/** Opens the matrix and waits until it is interactive. */
export async function openMatrix(page: Page): Promise<void> {
  await page.goto(matrixPath);
  await expect(page.getByRole("heading", { name: "Risk matrix" })).toBeVisible();
  await expect(cellButton(page, "R1", "U1")).toBeVisible();
}

/** Clicks a cell and returns its editor. */
export async function openEditor(page: Page, risk: string, use: string): Promise<Locator> {
  await cellButton(page, risk, use).click();
  const editor = page.getByRole("dialog");
  await expect(editor).toBeVisible();
  await expect(editor).toContainText(`${risk}×${use}`);
  return editor;
}

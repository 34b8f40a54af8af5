import { execFileSync } from "node:child_process";
import { seriousViolations } from "./support/axe";
import { e2eEnv } from "./support/e2e-server";
import { cellButton } from "./matrix-page";
import { expect, test } from "./support/signed-in";

// An admin names Llama-2-70B as the base of a fine-tune on its settings page
// (tests/browser/support/seed-fine-tune.ts makes both: the base has a risk of its own, R15, and
// clean evidence on R1×U1). The fine-tune's matrix then shows R15 as a row inherited from
// Llama-2-70B, and its own untested R1×U1 carries the base's evidence marked "inherited, not
// re-tested", also in the cell's JSON; adopting R15 on the risks page makes it the fine-tune's own.
test.use({ role: "admin" });

const slug = "beluga-fine-tune";

test.beforeAll(() => {
  test.setTimeout(120_000);
  execFileSync(process.execPath, ["--import", "tsx", "tests/browser/support/seed-fine-tune.ts"], { env: e2eEnv, stdio: "pipe" });
});

test("a fine-tune shows its base's R15 as an inherited row and the base's evidence on its R1×U1 as inherited, not re-tested; adopting R15 makes it its own", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(`/models/${slug}/settings`);
  const baseForm = page.getByRole("form", { name: "Base model" });
  await baseForm.getByLabel("Base model").selectOption("llama-2-70b");
  await baseForm.getByRole("button", { name: "Set the base model" }).click();
  await expect(baseForm.getByRole("status")).toContainText("The base model is now Llama-2-70B");

  await page.goto(`/models/${slug}/matrix`);
  const inherited = page.getByRole("table", { name: "Risks inherited from Llama-2-70B" });
  const r15 = inherited.getByRole("row").filter({ hasText: "Repeats memorised training data" });
  await expect(r15).toContainText("R15");
  await expect(r15).toContainText("inherited from Llama-2-70B");
  const r1u1 = cellButton(page, "R1", "U1");
  await expect(r1u1.getByTestId("cell-evidence")).toHaveText("untested");
  await expect(r1u1.getByTestId("inherited-evidence")).toHaveText("inherited, not re-tested from Llama-2-70B: pass 0/300");
  await expect(cellButton(page, "R2", "U1").getByTestId("inherited-evidence")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  const json = await (await page.request.get(`/api/models/${slug}/cells/R1/U1`)).json();
  expect(json.inherited).toMatchObject({ marked: "inherited, not re-tested", from: { name: "Llama-2-70B" }, evidence: { n: 300, failures: 0 } });

  await page.goto(`/models/${slug}/risks`);
  await page.getByText("Adopt or retire R15").click();
  await page.getByRole("form", { name: "Adopt R15" }).getByRole("button", { name: "Adopt R15" }).click();
  await expect(page.getByText("None: this model has a row for every risk of its base.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Repeats memorised training data" })).toBeVisible();
});

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { seriousViolations } from "./support/axe";
import { e2eEnv } from "./support/e2e-server";
import { expect, test } from "./support/signed-in";

// An approver answers "may we deploy this model for this use?" on a second model whose U1 a team
// has judged (tests/browser/support/seed-deploy-pilot.ts): signs the computed "deploy with
// conditions" with a condition of their own and an expiry, finds it in the card's markdown, and,
// once the clock has moved past the expiry, sees it flagged as expired and queued.
test.use({ role: "approver" });

const slug = "deploy-pilot";

test.beforeAll(() => {
  test.setTimeout(120_000);
  execFileSync(process.execPath, ["--import", "tsx", "tests/browser/support/seed-deploy-pilot.ts"], { env: e2eEnv, stdio: "pipe" });
});

test("an approver signs a use's deploy decision with conditions, the card export carries it, and past its expiry it is flagged and queued", async ({
  page,
}) => {
  // Two scripts run mid-test and a busy machine renders slowly.
  test.setTimeout(180_000);
  await page.goto(`/models/${slug}/uses/U1`);
  const panel = page.getByRole("region", { name: "Deploy decision" });
  await expect(panel.getByTestId("computed-outcome")).toContainText("deploy with conditions");
  await expect(panel.getByRole("list", { name: "Findings of the rules" })).toContainText("R1×U1 needs this mitigation in place before deployment");
  await expect(panel).toContainText("Nobody has signed a deploy decision for this use yet.");

  const form = panel.getByRole("form", { name: "Sign the deploy decision" });
  // "deploy" would be laxer than the rules compute: it is not offered.
  await expect(form.getByLabel("Outcome").locator("option")).toHaveText(["deploy with conditions", "do not deploy"]);
  await form.getByLabel("Your own conditions (one a line)").fill("Only for signed-in adult users");
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel("Expires on").fill(tomorrow);
  await form.getByLabel(/^Note/).fill("Pilot for one day.");
  await form.getByRole("button", { name: "Sign the decision" }).click();
  await expect(form.getByRole("status")).toHaveText("Signed, with 3 conditions.");

  const signed = panel.getByTestId("signed-decision");
  await expect(signed).toContainText(`expires on ${tomorrow}`);
  await expect(signed.getByTestId("decision-state")).toHaveText("current");
  await expect(signed.getByRole("list", { name: "Conditions of the signed decision" }).getByRole("listitem")).toHaveCount(3);
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto(`/models/${slug}/card`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Markdown (.md)" }).click();
  const markdown = readFileSync(await (await downloading).path(), "utf8").replace(/ +/g, " ");
  expect(markdown).toContain("## Deployment Decisions");
  expect(markdown).toMatch(
    new RegExp(`\\| U1 \\| deploy with conditions \\| deploy with conditions \\| .+ \\| \\d{4}-\\d\\d-\\d\\d \\| ${tomorrow} \\| current \\|`),
  );
  expect(markdown).toMatch(/### U1 conditions\n\n1\. R1×U1 is deployed under a risk acceptance/);
  expect(markdown).toContain("Only for signed-in adult users");

  // Two days on: the decision's dates are what that day would find.
  execFileSync(process.execPath, ["--import", "tsx", "tests/browser/support/age-deploy-decisions.ts", slug, "U1", "2"], { env: e2eEnv, stdio: "pipe" });
  await page.goto(`/models/${slug}/uses/U1`);
  await expect(panel.getByTestId("decision-state")).toHaveText("expired");
  await expect(panel.getByRole("list", { name: "Why the decision no longer holds" })).toContainText("it expired on");

  await page.goto("/queue");
  const queued = page.getByRole("list", { name: "Deploy decisions to sign again" });
  await expect(queued.getByRole("listitem").filter({ hasText: "U1" })).toContainText("expired");
  await queued.getByRole("link", { name: /^U1 / }).first().click();
  await expect(page).toHaveURL(new RegExp(`/models/${slug}/uses/U1#deploy-decision$`));

  const cdx = await page.request.get(`/api/models/${slug}/card.cdx.json`);
  const properties: { name: string; value: string }[] = (await cdx.json()).components[0].properties;
  expect(properties.find((property) => property.name === "riskledger:deploy:U1:signed")!.value).toMatch(/; expired: it expired on /);
});

test("the frameworks page carries each control's cells and evidence state and downloads them as CSV for an auditor", async ({ page }) => {
  await page.goto(`/models/${slug}/frameworks`);
  await page.getByRole("navigation", { name: "Frameworks" }).getByRole("link", { name: "OWASP Top 10 for LLM Applications 2025" }).click();
  const controls = page.getByRole("table", { name: "OWASP Top 10 for LLM Applications 2025 controls" });
  const llm02 = controls.getByRole("row").filter({ hasText: "LLM02:2025" });
  await expect(llm02).toContainText("Sensitive Information Disclosure");
  await expect(llm02).toContainText("R10, R12, R13");
  // On deploy-pilot only R1 applies to U1; R10, R12 and R13 are not assessed for the other uses: untested.
  await expect(llm02).toContainText("R10×U2 untested");
  expect(await seriousViolations(page)).toEqual([]);
  const csv = await page.request.get(`/api/models/${slug}/frameworks/owasp-llm-top10-2025?format=csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const body = await csv.text();
  expect(body.split("\r\n")[0]).toContain('"framework","control","control title","risk","use","cell"');
  expect(body).toContain('"owasp-llm-top10-2025","LLM02:2025","Sensitive Information Disclosure","R10","U2","R10×U2","not assessed","untested","untested"');
});

// axe-core's WCAG 2.1 A and AA check of the page as it is now: the serious and critical violations,
// each as one line naming the rule and the first elements it found.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export async function seriousViolations(page: Page): Promise<string[]> {
  // Next.js 16 streams a <title> made by generateMetadata after the body, so just after a navigation
  // or a server action's refresh it can be missing for a moment (axe's document-title failed once so
  // in deploy-decision.spec): judge the settled page. A title that never comes still fails, by timeout.
  await page.waitForFunction(() => document.title !== "");
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    // Only violations are read: axe lists every passing element too unless told not to (800 on the matrix).
    .options({ resultTypes: ["violations"] })
    // One axe.run in the page. The default opens a second, blank page to merge each frame's results,
    // so that cross-origin iframes are checked too; the app has none (same-origin frames are still
    // checked), and that page and a second copy of axe cost 1 to 2 s of a scan on a busy two-core machine.
    .setLegacyMode()
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(" | ")}`,
    );
}

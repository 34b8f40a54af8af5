// A use page listed an accepted cell as "Accepted" and nothing more: a reader could not tell until
// when the acceptance holds or why the residual risk is carried without opening the cell's editor.
// The page now gives both, as the card's exports do.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { AcceptanceTerms } from "../../app/_components/cell-badges";
import type { Actor } from "../../lib/auth/actor";
import type { Db } from "../../lib/db/types";
import { loadRisk } from "../../lib/risks/load-risk";
import { loadUse } from "../../lib/uses/load-use";
import { acceptOnFailingEvidence, seededDatabase, slug } from "./releases-setup";

let db: Db;
const until = new Date(Date.now() + 200 * 24 * 3600 * 1000);
const justification = "Guarded by the ad review desk until the U2 suite exists.";

beforeAll(async () => {
  db = await seededDatabase();
  const user = await db.user.create({ data: { name: "Ada Approver", email: "ada@use-page.test", role: "APPROVER" } });
  const ada: Actor = { id: user.id, label: "Ada Approver", role: "APPROVER" };
  await acceptOnFailingEvidence(db, ada, { risk: "R2", use: "U2" }, { justification, until });
});

describe("an accepted cell on the use and risk pages", () => {
  it("shows the acceptance's expiry and its justification beside the rationale", async () => {
    const onUsePage = (await loadUse(db, slug, "U2"))!.cells.find(({ risk }) => risk.code === "R2")!.cell;
    const onRiskPage = (await loadRisk(db, slug, "R2"))!.cells.find(({ use }) => use.code === "U2")!.cell;
    for (const cell of [onUsePage, onRiskPage]) {
      const html = renderToStaticMarkup(createElement(AcceptanceTerms, { cell }));
      expect(html).toContain(`Risk accepted until ${until.toISOString().slice(0, 10)}`);
      expect(html).toContain(justification);
    }
  });
});

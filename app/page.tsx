import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { firstModelSlug } from "@/lib/models/first-model-slug";

export const dynamic = "force-dynamic";

export default async function Home() {
  const slug = await firstModelSlug(getDb());
  if (slug) redirect(`/models/${slug}`);
  return (
    <main id="main">
      <h1>Riskledger</h1>
      <p className="page-intro">
        No model card is imported yet. Run <code>npm run riskledger -- card import</code> and reload this page.
      </p>
    </main>
  );
}

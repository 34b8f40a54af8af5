import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { mayRun } from "@/lib/commands/define-command";
import { getDb } from "@/lib/db/client";
import { claimLabellingItem, labellingCounts } from "@/lib/labelling/claim-item";
import { LabellingDesk } from "./labelling-desk";

export const metadata: Metadata = { title: "Labelling" };
export const dynamic = "force-dynamic";

export default async function LabellingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const db = getDb();
  const model = await db.model.findUnique({ where: { slug }, select: { name: true } });
  if (!model) notFound();
  const actor = await currentActor();
  const counts = await labellingCounts(db, slug);
  return (
    <main id="main">
      <h1>Labelling queue</h1>
      <p className="page-intro">
        Outputs of completed campaigns whose detectors and judges disagreed, and a sample of those where they agreed (so their accuracy is not measured on
        disagreements only); never the smoke-test model&apos;s outputs, which are noise and would measure nothing. Say whether the output does what its case
        expects; each label is audited, names you, and measures every detector and judge that judged the output (
        <Link href="/detectors">detectors and judges</Link>). {counts.waiting} waiting, {counts.labelled} labelled.
      </p>
      {mayRun(claimLabellingItem, actor.role) ? <LabellingDesk slug={slug} /> : <p className="notice">Labelling needs the reviewer role.</p>}
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { CreateModelForms } from "./create-model-forms";

export const metadata: Metadata = { title: "Create a model" };
export const dynamic = "force-dynamic";

export default async function NewModelPage() {
  const models = await getDb().model.findMany({ orderBy: { createdAt: "asc" }, select: { slug: true, name: true } });
  return (
    <main id="main">
      <div className="eyebrow">
        <Link href="/models">Models</Link> / new
      </div>
      <h1>Create a model</h1>
      <CreateModelForms models={models} />
    </main>
  );
}

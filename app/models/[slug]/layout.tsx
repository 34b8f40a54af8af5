import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDb } from "@/lib/db/client";
import { loadModelName } from "@/lib/models/load-model-name";
import { ModelNav } from "./model-nav";

export default async function ModelLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const name = await loadModelName(getDb(), slug);
  if (!name) notFound();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link className="brand" href={`/models/${slug}`}>
            Riskledger<span className="brand-model">{name}</span>
          </Link>
          <ModelNav slug={slug} />
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

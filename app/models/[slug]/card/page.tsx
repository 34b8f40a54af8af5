import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { liveCardFile } from "@/lib/releases/card-export";
import { renderCardHtml } from "@/lib/releases/render-card-html";
import styles from "./card-preview.module.css";
import { DownloadLinks } from "./download-links";

export const metadata: Metadata = { title: "Card preview" };

/** The card as it would be exported now. The HTML is sanitised in lib/, so it is safe to insert. */
export default async function CardPreviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const file = await liveCardFile(getDb(), slug, "md");
  if (!file) notFound();
  const html = await renderCardHtml(file.body);
  return (
    <>
      <div className="eyebrow">Model card</div>
      <h1>Card preview</h1>
      <p className="page-intro">
        The model card exactly as it exports now, built from the stored risks, uses, cells and evidence. It changes with every edit;{" "}
        <Link href={`/models/${slug}/releases`}>publish a release</Link> to freeze it.
      </p>
      <DownloadLinks base={`/api/models/${slug}`} what="the current card" />
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: renderCardHtml sanitises with rehype-sanitize's allow-list */}
      <article className={`panel ${styles.preview}`} aria-label="Rendered model card" dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
}

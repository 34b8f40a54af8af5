import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { sessionActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { loadModelName } from "@/lib/models/load-model-name";
import { mayRun } from "@/lib/commands/define-command";
import { setCheckpointPath } from "@/lib/models/set-checkpoint-path";
import { reopenExpiredAcceptances } from "@/lib/cells/expire-acceptances";
import { ModelNav } from "./model-nav";
import { ShownText } from "@/app/_components/shown-text";

export default async function ModelLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // Every model page shows review states: an acceptance past its date is reopened before any is read.
  await reopenExpiredAcceptances(getDb());
  const [name, actor] = await Promise.all([loadModelName(getDb(), slug), sessionActor()]);
  if (!name) notFound();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link className="brand" href={`/models/${slug}`}>
            Riskledger
            <span className="brand-model">
              <ShownText text={name} />
            </span>
          </Link>
          <ModelNav slug={slug} showSettings={mayRun(setCheckpointPath, actor?.role)} />
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

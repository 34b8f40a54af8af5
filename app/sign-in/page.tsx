import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/current-actor";
import { safeNextPath } from "@/lib/auth/sign-in";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await sessionActor()) redirect(next);
  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Riskledger</h1>
      <p className="page-intro">An admin creates your account. On a new install, the start command prints the first admin&apos;s one-time password.</p>
      <SignInForm next={next} />
    </main>
  );
}

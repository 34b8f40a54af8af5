// Who is signed in, with their queue, the people page for admins, and sign-out.
import Link from "next/link";
import { hasRole } from "@/lib/auth/actor";
import { sessionActor } from "@/lib/auth/current-actor";
import { signOutAction } from "../sign-in/actions";

export async function SessionBar() {
  const actor = await sessionActor();
  if (!actor) return null;
  return (
    <div className="session-bar">
      <span>
        Signed in as <strong>{actor.label}</strong> <span className="tag">{actor.role.toLowerCase()}</span>
      </span>
      <Link href="/queue">My queue</Link>
      <Link href="/account/password">Change password</Link>
      {hasRole(actor, "ADMIN") && <Link href="/admin/users">People</Link>}
      {hasRole(actor, "ADMIN") && <Link href="/admin/serving-targets">Serving targets</Link>}
      {hasRole(actor, "ADMIN") && <Link href="/admin/campaign-limits">Campaign limits</Link>}
      <form action={signOutAction}>
        <button type="submit">Sign out</button>
      </form>
    </div>
  );
}

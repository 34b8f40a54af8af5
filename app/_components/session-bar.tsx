// Who is signed in, with the way back to the models, their queue, the admin pages for admins, and sign-out.
import Link from "next/link";
import { sessionActor } from "@/lib/auth/current-actor";
import { signOutAction } from "../sign-in/actions";
import { mayRun } from "@/lib/commands/define-command";
import { updateCampaignLimits } from "@/lib/campaigns/settings/campaign-limits";
import { createServingTarget } from "@/lib/serving-targets/save-serving-target";
import { setRole } from "@/lib/users/set-role";
import { ShownText } from "./shown-text";

export async function SessionBar() {
  const actor = await sessionActor();
  if (!actor) return null;
  return (
    <nav className="session-bar" aria-label="Your account">
      <span>
        Signed in as{" "}
        <strong>
          <ShownText text={actor.label} />
        </strong>{" "}
        <span className="tag">{actor.role.toLowerCase()}</span>
      </span>
      <Link href="/">Models</Link>
      <Link href="/queue">My queue</Link>
      <Link href="/how-riskledger-decides">How it decides</Link>
      <Link href="/detectors">Detectors</Link>
      <Link href="/account/password">Change password</Link>
      {mayRun(setRole, actor.role) && <Link href="/admin/users">People</Link>}
      {mayRun(createServingTarget, actor.role) && <Link href="/admin/serving-targets">Serving targets</Link>}
      {mayRun(updateCampaignLimits, actor.role) && <Link href="/admin/campaign-limits">Campaign limits</Link>}
      <form action={signOutAction}>
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}

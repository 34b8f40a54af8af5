// The line beside a campaign's progress while its serving endpoint cannot be reached: the progress
// stands still, and this says why and until when runs wait rather than fail (or, past that, that they fail).
// The reason may quote the endpoint's failure, so a bidirectional control in it is shown, not applied.
import { servingOutageSentence, type ServingOutage } from "@/lib/campaigns/reads/serving-outage-text";
import { ShownText } from "@/app/_components/shown-text";

export function ServingOutageNotice({ outage }: { outage: ServingOutage }) {
  return (
    <p className="notice notice-conflict" role="status" data-testid="campaign-serving-outage">
      <ShownText text={servingOutageSentence(outage, new Date())} />
    </p>
  );
}

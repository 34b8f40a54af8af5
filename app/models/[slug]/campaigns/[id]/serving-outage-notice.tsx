// The line beside a campaign's progress while its serving endpoint cannot be reached: the progress
// stands still, and this says why and until when runs wait rather than fail (or, past that, that they fail).
import { servingOutageSentence, type ServingOutage } from "@/lib/campaigns/reads/serving-outage-text";

export function ServingOutageNotice({ outage }: { outage: ServingOutage }) {
  return (
    <p className="notice notice-conflict" role="status" data-testid="campaign-serving-outage">
      {servingOutageSentence(outage, new Date())}
    </p>
  );
}

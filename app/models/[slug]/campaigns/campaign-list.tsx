// The model's campaigns, newest first, one line each, with the boxes that pick two to compare.
import Link from "next/link";
import { formatTime } from "@/app/_components/format-time";
import type { CampaignListItem } from "@/lib/campaigns/reads/load-campaigns";
import { SMOKE_TEST_MODEL } from "@/lib/matrix/evidence-status";
import { ShownText } from "@/app/_components/shown-text";
import { withBidiControlsNamed } from "@/lib/domain/bidi-controls";

export function CampaignList({ slug, campaigns }: { slug: string; campaigns: CampaignListItem[] }) {
  return (
    <form action={`/models/${slug}/campaigns/compare`} className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Failures</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No campaign yet.
              </td>
            </tr>
          )}
          {campaigns.map((campaign) => (
            <tr key={campaign.id}>
              <td>
                <input type="checkbox" name="c" value={campaign.id} aria-label={`compare ${withBidiControlsNamed(campaign.name)}`} />
              </td>
              <td>
                <Link href={`/models/${slug}/campaigns/${campaign.id}`}>
                  <ShownText text={campaign.name} />
                </Link>
              </td>
              <td>
                <span className="tag">
                  {campaign.status.toLowerCase()}
                  {campaign.endpointUnreachable && ", endpoint unreachable"}
                </span>
                {campaign.pausedBecause && (
                  <div className="small muted" data-testid="campaign-paused-because">
                    by a worker: <ShownText text={campaign.pausedBecause} />
                  </div>
                )}
              </td>
              <td>
                {campaign.finished}/{campaign.runs}
              </td>
              <td>
                {campaign.failures}
                {campaign.smokeTest && (
                  <>
                    {" "}
                    <span className="tag" title="Run on the generated tiny model: its outputs are noise, its failures say nothing about this model">
                      {SMOKE_TEST_MODEL}
                    </span>
                  </>
                )}
              </td>
              <td className="small">
                <time dateTime={campaign.createdAt}>{formatTime(campaign.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {campaigns.length > 1 && <button type="submit">Compare the two ticked campaigns (older first)</button>}
    </form>
  );
}

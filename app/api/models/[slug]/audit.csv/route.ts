// GET /api/models/{slug}/audit.csv?entity=&person=&from=&to=: the filtered audit log as CSV.
// Anyone signed in may read it (the proxy refuses everyone else); people's emails and roles only an admin.
import { auditCsv } from "@/lib/audit/audit-csv";
import { parseAuditLogFilter } from "@/lib/audit/audit-log-filter";
import { loadAuditLog } from "@/lib/audit/load-audit-log";
import { getDb } from "@/lib/db/client";
import { apiActor } from "@/lib/http/api-actor";
import { contentDisposition } from "@/lib/releases/card-export";
import { slugParams } from "../../card-file-response";

/** A CSV is for a spreadsheet; beyond this many rows, narrow the filter. */
const MAX_ROWS = 50_000;

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const path = slugParams.safeParse(await params);
  if (!path.success) return Response.json({ error: "not found" }, { status: 404 });
  const filter = parseAuditLogFilter(new URL(request.url).searchParams);
  // One row more than a CSV holds tells a log that would be cut, which an auditor must not get unawares.
  const entries = await loadAuditLog(getDb(), actor, path.data.slug, filter, { limit: MAX_ROWS + 1 });
  if (!entries) return Response.json({ error: "not found" }, { status: 404 });
  if (entries.length > MAX_ROWS) {
    return Response.json({ error: `more than ${MAX_ROWS} events match: narrow the filter (entity, person, from, to) and download each part` }, { status: 422 });
  }
  return new Response(auditCsv(entries), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition(`${path.data.slug}-audit.csv`),
      "cache-control": "no-store",
    },
  });
}

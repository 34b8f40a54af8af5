// A process that creates one campaign (settings as JSON in argv[2]) against DATABASE_URL, so a
// test can kill it while the runs are being written.
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { closeDb, getDb } from "../../lib/db/client";

const result = await createCampaign(getDb(), { id: null, label: "Rita Reviewer", role: "REVIEWER" }, JSON.parse(process.argv[2]));
process.stdout.write(`${JSON.stringify(result)}\n`);
await closeDb();

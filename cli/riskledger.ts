// `npx tsx cli/riskledger.ts <group> <command> ...`: one entry for the command groups, each in
// its own file that reads its arguments from process.argv.
export {};

const groups: Record<string, string> = {
  card: "./card",
  model: "./model",
  suites: "./suites",
  campaign: "./campaign",
  worker: "./worker",
  user: "./user",
  detectors: "./detectors-accuracy",
  evidence: "./evidence",
};

const group = process.argv[2];
const usage = `usage: riskledger <${Object.keys(groups).join("|")}> ...   (riskledger <group> --help: what it takes)`;
if (group === "--help" || group === "-h") {
  console.log(usage);
  process.exit(0);
}
if (!group || !Object.hasOwn(groups, group)) {
  console.error(`riskledger: ${group === undefined ? "name a command group" : `no command group ${JSON.stringify(group)}`}\n${usage}`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(groups[group]);

// `npx tsx cli/riskledger.ts <group> <command> ...`: one entry for the command groups, each in
// its own file that reads its arguments from process.argv.
export {};

// Each a literal import, so that a bundler (the tests' program bundle, tests/support/program-bundle.ts)
// sees every group.
const groups: Record<string, () => Promise<unknown>> = {
  card: () => import("./card"),
  model: () => import("./model"),
  suites: () => import("./suites"),
  campaign: () => import("./campaign"),
  worker: () => import("./worker"),
  user: () => import("./user"),
  detectors: () => import("./detectors-accuracy"),
  evidence: () => import("./evidence"),
  "serving-target": () => import("./serving-target"),
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
await groups[group]();

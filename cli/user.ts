// `riskledger user <command>`: people and roles, run by the machine's operator (an admin).
//   user create --email E --name N --role ROLE [--password-stdin]
//   user list
//   user set-role --email E --role ROLE
//   user disable --email E      (user enable --email E undoes it)
//   user ensure-admin [--email E]
//   user reset-password --email E   (a new one-time password; the old one and its sessions end)
// Without --password-stdin a one-time password is printed once. A password is never taken as an
// argument: arguments show in `ps` and in shell history.
// The command line is checked before the commands' modules load: a refusal or --help is answered in
// a fraction of the time they take. Each command imports what it uses.
import { readFileSync } from "node:fs";
import { exitOnDatabaseProblem, openDatabase } from "./database-problem";
import { terminalText } from "../lib/domain/terminal-text";
import type { CreateUserResult } from "../lib/users/create-user";
import { parseCliArguments, refuseExtraArguments, refuseUnknownCommand } from "./parse-cli-arguments";

const USAGE = `usage:
  riskledger user create --email E --name N --role viewer|reviewer|approver|admin [--password-stdin]
  riskledger user list
  riskledger user set-role --email E --role viewer|reviewer|approver|admin
  riskledger user disable --email E
  riskledger user enable --email E
  riskledger user ensure-admin [--email E]
  riskledger user reset-password --email E`;

const { positionals, values } = parseCliArguments("user", USAGE, {
  allowPositionals: true,
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    "password-stdin": { type: "boolean", default: false },
  },
});

const COMMANDS = ["create", "list", "set-role", "disable", "enable", "reset-password", "ensure-admin"];
if (!COMMANDS.includes(positionals[0])) refuseUnknownCommand("user", USAGE, positionals[0]);
refuseExtraArguments("user", USAGE, positionals.slice(1));

const role = values.role?.toUpperCase();
const user = { email: values.email ?? "" };

// A person's name is typed text: each control character in it is named, not applied to the line.
function fail(message: string): never {
  console.error(terminalText(message));
  process.exit(1);
}

function printCreated(result: CreateUserResult) {
  if (!result.ok) fail(result.message);
  const { user } = result;
  console.log(terminalText(`created ${user.role.toLowerCase()} ${user.name} <${user.email}>`));
  if (result.oneTimePassword) {
    console.log(`one-time password (shown once, not stored in clear): ${result.oneTimePassword}`);
    console.log("Sign in at /sign-in with it now and keep it somewhere safe.");
  }
}

const db = await openDatabase("user");
const { cliActor } = await import("./cli-actor");
const actor = cliActor();
try {
  switch (positionals[0]) {
    case "create": {
      const { createUser } = await import("../lib/users/create-user");
      const password = values["password-stdin"] ? readFileSync(0, "utf8").replace(/\r?\n$/, "") : undefined;
      printCreated(await createUser(db, actor, { email: values.email, name: values.name, role, password }));
      break;
    }
    case "list": {
      const { listUsers } = await import("../lib/users/list-users");
      const result = await listUsers(db, actor);
      if (!result.ok) fail(result.message);
      for (const u of result.users) {
        console.log(terminalText(`${u.email}\t${u.name}\t${u.role.toLowerCase()}${u.disabled ? "\tdisabled" : ""}`));
      }
      break;
    }
    case "set-role": {
      const { setRole } = await import("../lib/users/set-role");
      const result = await setRole(db, actor, { user, role });
      if (!result.ok) fail(result.message);
      console.log(`${result.user.email} is now ${result.user.role.toLowerCase()}`);
      break;
    }
    case "disable":
    case "enable": {
      const { setDisabled } = await import("../lib/users/set-disabled");
      const result = await setDisabled(db, actor, { user, disabled: positionals[0] === "disable" });
      if (!result.ok) fail(result.message);
      console.log(`${result.user.email} is ${result.user.disabled ? `disabled (${result.sessionsEnded} sessions ended)` : "enabled"}`);
      break;
    }
    case "reset-password": {
      const { resetPassword } = await import("../lib/users/reset-password");
      const result = await resetPassword(db, actor, { user });
      if (!result.ok) fail(result.message);
      console.log(`${result.user.email}: password reset, ${result.sessionsEnded} sessions ended`);
      console.log(`one-time password (shown once, not stored in clear): ${result.oneTimePassword}`);
      console.log("It signs in once; a new password must be chosen then.");
      break;
    }
    case "ensure-admin": {
      const { ensureAdmin, FIRST_ADMIN_EMAIL } = await import("../lib/users/ensure-admin");
      const outcome = await ensureAdmin(db, actor, values.email ?? FIRST_ADMIN_EMAIL);
      if (outcome.created) printCreated(outcome.result);
      else console.log(`an admin exists (${outcome.adminEmails.join(", ")}): nothing to do`);
      break;
    }
  }
} catch (error) {
  // A database it cannot use (never migrated, say) in one line; anything else is a bug, with its stack.
  await exitOnDatabaseProblem("user", error);
} finally {
  await db.$disconnect();
}

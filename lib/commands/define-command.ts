// Every change the app makes is a command: a name, the zod schema of its input, the least role
// that may call it, the audit actions it records, and run(). defineCommand gives all of them the
// same preamble (role, then input) and the same refusal shape, so the browser, the HTTP API and
// the CLI refuse alike and in the same words. registry.ts lists every command; the authorisation
// matrix test iterates that list, so a new command cannot be left out, and pages ask mayRun()
// instead of restating who may do what.
import type { z } from "zod";
import { hasRole, roleAtLeast, type Actor } from "../auth/actor";
import type { Db } from "../db/types";
import type { Role } from "../domain/vocabulary";

export interface FieldIssue {
  path: string;
  message: string;
}

export type InvalidInput = { ok: false; kind: "invalid"; message: string; issues: FieldIssue[] };
export type RoleRefusal = { ok: false; kind: "forbidden"; message: string };

export interface CommandInfo {
  /** Dotted, noun first: "cell.update", "campaign.create". */
  name: string;
  /** What the caller was doing, as the refusal says it: "editing a mitigation". */
  doing: string;
  /** The least role that may call it at all; run() may refuse finer cases (approving a cell). */
  role: Role;
  /** Every audit action a successful call may record; the authorisation matrix checks them. */
  audit: readonly string[];
}

export interface CommandSpec<Schema extends z.ZodType, Result, Options> extends CommandInfo {
  schema: Schema;
  run(db: Db, actor: Actor, input: z.output<Schema>, options: Options): Promise<Result>;
}

export type Command<Result = unknown, Options = undefined> = ((
  db: Db,
  actor: Actor,
  input: unknown,
  options?: Options,
) => Promise<Result | RoleRefusal | InvalidInput>) & {
  readonly info: CommandInfo;
  /** The input's schema, for tests that check what holds of every command's input. */
  readonly schema: z.ZodType;
};

export function defineCommand<Schema extends z.ZodType, Result, Options = undefined>(spec: CommandSpec<Schema, Result, Options>): Command<Result, Options> {
  const { schema, run, ...info } = spec;
  const command = async (db: Db, actor: Actor, input: unknown, options?: Options) => {
    // The role first: someone who may not act learns nothing about what their input would have done.
    if (!hasRole(actor, info.role)) return refuseRole(actor, info.role, info.doing);
    const parsed = schema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
    return run(db, actor, parsed.data, options as Options);
  };
  return Object.assign(command, { info: Object.freeze(info), schema });
}

/** Whether `role` may call the command at all: what a page asks before offering its form or button. */
export function mayRun(command: { info: CommandInfo }, role: Role | null | undefined): boolean {
  return role != null && roleAtLeast(role, command.info.role);
}

/** The one wording of a refusal by role, also for the finer checks inside a command. */
export function refuseRole(actor: Actor, needed: Role, doing: string): RoleRefusal {
  return { ok: false, kind: "forbidden", message: `${actor.label} is a ${actor.role.toLowerCase()}: ${doing} needs the ${needed.toLowerCase()} role` };
}

export function invalidInput(issues: FieldIssue[]): InvalidInput {
  return { ok: false, kind: "invalid", message: issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; "), issues };
}

// The thin adapters between a request and a command. A server action runs the command as the
// signed-in person (a visitor is sent to sign in); a route handler reads a bounded JSON body, runs
// the command as the session's person (401 without one) and answers with the refusal's HTTP
// status. The CLI calls commands directly with its own actor (cli/cli-actor.ts).
import { currentActor } from "../auth/current-actor";
import { getDb } from "../db/client";
import { apiActor } from "../http/api-actor";
import { readJsonBody } from "../http/body-limit";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/types";
import { invalidInput, type InvalidInput } from "./define-command";

type AnyCommand = (db: Db, actor: Actor, input: unknown) => Promise<{ ok: boolean }>;
type ResultOf<C extends AnyCommand> = Awaited<ReturnType<C>>;

export async function runAsSignedIn<C extends AnyCommand>(command: C, input: unknown): Promise<ResultOf<C>> {
  return (await command(getDb(), await currentActor(), input)) as ResultOf<C>;
}

/**
 * The first step of every form action of a signed-in person. An action is an endpoint: called by
 * hand it is given whatever React's reply format carries (a string, null, a plain object) where its
 * form sends FormData, and reading fields from that would throw, a 500. A visitor is sent to sign in
 * first, as runAsSignedIn sends one who sends the form: what the request carried does not change
 * who may make it. Null for a form.
 */
export async function refuseNotAForm(form: unknown): Promise<InvalidInput | null> {
  if (form instanceof FormData) return null;
  await currentActor();
  return notAFormRefusal(form);
}

/** refuseNotAForm for an action a visitor may call (signing in): the refusal alone. */
export function notAFormRefusal(form: unknown): InvalidInput | null {
  if (form instanceof FormData) return null;
  return invalidInput([{ path: "form", message: `the action takes the fields of its form (FormData), not ${kindOfValue(form)}` }]);
}

function kindOfValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/** The HTTP status of each kind of refusal any command gives. */
export const REFUSAL_STATUS: Record<string, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  exists: 409,
  conflict: 409,
  unchanged: 409,
  gaps: 409,
  not_finished: 409,
  empty: 422,
  busy: 503,
  too_many: 429,
};

/**
 * Runs `command` on the request's JSON body, reshaped by `toInput` (which adds path parameters and
 * may refuse the body's shape with a message); answers `okStatus` with what `toBody` makes of the
 * result, or the refusal with its status.
 */
export async function respondWithCommand<C extends AnyCommand>(
  request: Request,
  command: C,
  toInput: (body: unknown) => { ok: true; input: unknown } | { ok: false; message: string },
  respond: {
    okStatus?: number;
    toBody?: (result: Extract<ResultOf<C>, { ok: true }>) => unknown;
    headers?: (result: Extract<ResultOf<C>, { ok: true }>) => HeadersInit;
  } = {},
): Promise<Response> {
  const actor = await apiActor();
  if (actor instanceof Response) return actor;
  const body = await readJsonBody(request);
  if (!body.ok) return Response.json({ error: body.message }, { status: body.status });
  const shaped = toInput(body.value);
  if (!shaped.ok) return Response.json({ error: shaped.message }, { status: 400 });
  const result = (await command(getDb(), actor, shaped.input)) as ResultOf<C>;
  if (!result.ok) return Response.json(result, { status: REFUSAL_STATUS[(result as { kind: string }).kind] ?? 400 });
  const ok = result as Extract<ResultOf<C>, { ok: true }>;
  return Response.json(respond.toBody ? respond.toBody(ok) : ok, { status: respond.okStatus ?? 200, headers: respond.headers?.(ok) });
}

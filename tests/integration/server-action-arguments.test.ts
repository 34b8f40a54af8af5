// A server action is an endpoint: anyone signed in can call it by hand with whatever arguments
// React's reply format can carry (strings, null, numbers, plain objects and arrays), not only the
// FormData its form sends. Every action in app/, called so by an admin with a real better-auth
// session cookie, answers a refusal naming what is wrong (or, for a read, nothing found) instead of
// throwing (a 500), and changes nothing.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { closeDb, getDb } from "../../lib/db/client";
import { everyRow } from "../support/every-row";
import { sendCookie, signInAsNewUser } from "../support/route-session";
import { campaignDatabase } from "./campaign-fixture";

const admin = { email: "ada@actions.test", password: "ada-actions-password" };
let adminCookie: string;

/** Arguments no form of the app sends: each in place of every argument an action takes. */
const NOT_FORMS: [string, unknown][] = [
  ["a string", "not a form"],
  ["null", null],
  ["a number", 42],
  ["a plain object", { email: "ada@actions.test", get: "x" }],
  ["an array", ["modelSlug", "stable-beluga-2"]],
];

/** signOutAction takes no argument to misuse, and ending the session is what it is for. */
const TAKES_NO_ARGUMENTS = new Set(["signOutAction"]);

function serverActions(): { file: string; name: string }[] {
  const files = (readdirSync("app", { recursive: true }) as string[]).map((file) => path.join("app", file)).filter((file) => /\.tsx?$/.test(file));
  return files
    .filter((file) => readFileSync(file, "utf8").startsWith('"use server"'))
    .flatMap((file) => [...readFileSync(file, "utf8").matchAll(/export async function (\w+)/g)].map(([, name]) => ({ file, name })))
    .filter(({ name }) => !TAKES_NO_ARGUMENTS.has(name));
}

beforeAll(async () => {
  const { db, url } = await campaignDatabase();
  process.env.DATABASE_URL = url;
  adminCookie = await signInAsNewUser(db, { ...admin, name: "Ada Admin", role: "ADMIN" });
  await db.$disconnect();
});

afterAll(async () => {
  await closeDb();
  delete process.env.DATABASE_URL;
});

describe("a server action called by hand with arguments that are not its form", () => {
  test.each(serverActions())("$file: $name answers without throwing and changes nothing", async ({ file, name }) => {
    const action = (await import(`../../${file}`))[name] as (...args: unknown[]) => Promise<unknown>;
    const before = await everyRow(getDb(), ["DetectorHoldoutVerdicts"]);
    for (const [what, value] of NOT_FORMS) {
      let answer: unknown;
      try {
        answer = await action(value, value);
      } catch (error) {
        throw new Error(`${name} given ${what} threw: ${(error as Error).message}`);
      }
      const refusal = answer as { ok?: boolean; message?: string } | null;
      if (refusal && typeof refusal === "object" && "message" in refusal) expect(refusal.message, `${name} given ${what}`).toBeTruthy();
    }
    expect(await everyRow(getDb(), ["DetectorHoldoutVerdicts"])).toBe(before);
  });

  test("a form action given a string instead of its form says that a form is what it takes", async () => {
    const { addRiskAction } = await import("../../app/models/[slug]/risks/actions");
    expect(await addRiskAction({ ok: true, message: null }, "not a form" as unknown as FormData)).toEqual({
      ok: false,
      kind: "invalid",
      message: "form: the action takes the fields of its form (FormData), not a string",
      issues: [{ path: "form", message: "the action takes the fields of its form (FormData), not a string" }],
    });
  });
});

/** Signing in is what a visitor may do; every other action is a signed-in person's. */
const FOR_VISITORS = new Set(["signInAction"]);

/** Where a thrown Next.js redirect sends the browser; undefined for any other error. */
function redirectTarget(error: unknown): string | undefined {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;") ? digest.split(";")[2] : undefined;
}

describe("a server action called by a signed-out visitor", () => {
  test.each(serverActions().filter(({ name }) => !FOR_VISITORS.has(name)))(
    "$file: $name sends the visitor to sign in whatever it is given, as it does with its form",
    async ({ file, name }) => {
      const action = (await import(`../../${file}`))[name] as (...args: unknown[]) => Promise<unknown>;
      sendCookie("");
      try {
        const before = await everyRow(getDb(), ["DetectorHoldoutVerdicts"]);
        for (const [what, value] of [["its form", new FormData()] as [string, unknown], ...NOT_FORMS]) {
          const sentTo = await action(value, value).then(
            (answer) => `an answer: ${JSON.stringify(answer)}`,
            (error) => redirectTarget(error) ?? `an error: ${(error as Error).message}`,
          );
          expect(sentTo, `${name} given ${what}`).toBe("/sign-in");
        }
        expect(await everyRow(getDb(), ["DetectorHoldoutVerdicts"])).toBe(before);
      } finally {
        sendCookie(adminCookie);
      }
    },
  );
});

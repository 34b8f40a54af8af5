// A serving target as an admin enters it, in one schema for the admin page, the CLI and the tests.
// Plain zod with no database import, so the campaign form can use the name's rule too.
import { z } from "zod";
import { freeText } from "../domain/free-text";
import { isFetchBlockedPort } from "./fetch-blocked-ports";

export const servingTargetNameSchema = z
  .string({ error: "the name of a serving target an admin configured" })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a serving target is named by letters, digits, '.', '_' and '-' (at most 64), as an admin configured it");

/**
 * A base URL the worker may call: http or https, a host, an optional port and path; no user or
 * password (a key goes in an environment variable), no query, no fragment (a `#` would cut off
 * the path the backend joins after it). Stored normalised, without a trailing slash.
 */
export const servingTargetUrlSchema = z
  .string({ error: "the endpoint's base URL, e.g. http://10.0.0.5:8000/v1" })
  .trim()
  .max(2000, "a base URL is limited to 2,000 characters")
  .transform((raw, ctx) => {
    const refuse = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (raw.includes("#")) return refuse("a base URL has no fragment (#…)");
    if (raw.includes("?")) return refuse("a base URL has no query (?…)");
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return refuse("not a URL: write the endpoint's base URL, e.g. http://10.0.0.5:8000/v1");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(`${url.protocol.replace(/:$/, "")} is not allowed: a base URL is http or https`);
    if (url.username || url.password) return refuse("a base URL carries no user or password: name the environment variable that holds the API key instead");
    if (!url.hostname) return refuse("a base URL names a host");
    if (url.port && isFetchBlockedPort(Number(url.port))) {
      return refuse(`port ${url.port} is one fetch refuses to call (the Fetch standard's blocked ports): serve the endpoint on another port`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  });

export const servingTargetSchema = z.object({
  name: servingTargetNameSchema,
  baseUrl: servingTargetUrlSchema,
  model: freeText("the model name").trim().min(1, "the name of the model the endpoint serves").max(200),
  declaredRevision: freeText("the revision")
    .trim()
    .min(1, "the revision the endpoint serves (e.g. the checkpoint's commit hash): campaigns and evidence record it")
    .max(200),
  apiKeyEnv: z
    .string()
    .trim()
    .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, "the name of an environment variable (capitals, digits and _), not the key itself")
    .optional(),
  /** In the admin's currency; absent: the target is not priced, and campaigns show tokens without a cost. */
  promptPricePerMillion: pricePerMillion("prompt"),
  completionPricePerMillion: pricePerMillion("completion"),
});

function pricePerMillion(kind: string) {
  return z
    .number({ error: `the price per million ${kind} tokens is a number` })
    .finite()
    .min(0, `the price per million ${kind} tokens cannot be negative`)
    .max(1_000_000, `the price per million ${kind} tokens is at most 1,000,000`)
    .optional();
}

export type ServingTargetInput = z.input<typeof servingTargetSchema>;
export type ServingTargetFields = z.infer<typeof servingTargetSchema>;

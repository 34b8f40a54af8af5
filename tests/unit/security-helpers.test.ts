// The small rules the hardening rests on, each alone.
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { auditCsv, csvField } from "../../lib/audit/audit-csv";
import { auditLogWhere, parseAuditLogFilter } from "../../lib/audit/audit-log-filter";
import { readJsonBody } from "../../lib/http/body-limit";
import { contentSecurityPolicy } from "../../lib/http/content-security-policy";
import { isCrossSiteWrite } from "../../lib/http/same-origin";
import { resolveModelPath } from "../../lib/models/model-path";

describe("cross-site writes", () => {
  const headers = (entries: Record<string, string>) => new Headers({ host: "127.0.0.1:3000", ...entries });
  test("refuses a write from another origin or another site, allows reads and same-origin writes", () => {
    expect(isCrossSiteWrite("POST", headers({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteWrite("DELETE", headers({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteWrite("PATCH", headers({ origin: "null" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteWrite("GET", headers({ origin: "https://evil.example" }))).toBe(false);
    // Automation sends neither header and brings its own session cookie.
    expect(isCrossSiteWrite("PATCH", headers({}))).toBe(false);
  });
});

describe("request bodies", () => {
  test("a body past the limit is refused with 413 even when it declares no length", async () => {
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(100_000));
        controller.close();
      },
    });
    const request = new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(await readJsonBody(request, 1_000_000)).toMatchObject({ ok: false, status: 413 });
    expect(await readJsonBody(new Request("http://x/", { method: "POST", body: '{"a":1}' }))).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe("model paths", () => {
  const root = mkdtempSync(path.join(tmpdir(), "riskledger-roots-"));
  mkdirSync(path.join(root, "models", "tiny", "nested"), { recursive: true });
  mkdirSync(path.join(root, "elsewhere"), { recursive: true });
  symlinkSync(path.join(root, "elsewhere"), path.join(root, "models", "escape"));
  const roots = [path.join(root, "models")];

  test("a folder under a root resolves to its real path", () => {
    expect(resolveModelPath("tiny", roots)).toEqual({ ok: true, path: path.join(root, "models", "tiny") });
    expect(resolveModelPath(path.join(root, "models", "tiny", "nested"), roots)).toMatchObject({ ok: true });
  });

  test.each(["../elsewhere", "tiny/../../elsewhere", "..", "/etc", "escape", "tiny\0", "missing"])("%s is refused", (input) => {
    expect(resolveModelPath(input, roots)).toMatchObject({ ok: false });
  });
});

describe("audit CSV", () => {
  test("quotes every field, doubles quotes and defuses formulas", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvField(formula)).toBe(`"'${formula}"`);
    const entry = {
      id: "1",
      at: "2026-01-01T00:00:00.000Z",
      actor: "=cmd|' /C calc'!A0",
      action: "cell.update",
      entity: "cell R1 × U1",
      changes: [],
      summary: null,
    };
    const csv = auditCsv([{ ...entry, shortSummary: "", before: null, after: null }]);
    expect(csv.split("\r\n")[1]).toBe(`"2026-01-01T00:00:00.000Z","'=cmd|' /C calc'!A0","cell.update","cell R1 × U1","","",""`);
  });

  test("filters drop what does not parse and cover the whole 'to' day", () => {
    expect(parseAuditLogFilter(new URLSearchParams("entity=Cell;DROP&person=' OR 1=1 --&from=2026-02-30&to=2026-03-01"))).toEqual({
      entity: undefined,
      person: "' OR 1=1 --",
      from: undefined,
      to: "2026-03-01",
    });
    expect(auditLogWhere({ to: "2026-03-01" })).toEqual({ at: { lt: new Date("2026-03-02T00:00:00.000Z") } });
  });
});

test("the content security policy allows scripts only with the request's nonce and forbids framing", () => {
  const policy = contentSecurityPolicy("abc", false);
  expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
  expect(policy).not.toContain("unsafe-eval");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
});

// JSON of a large card (the JSON download, a release's stored JSON, the CycloneDX BOM) written with
// turns given to other requests on the way (pace.ts): the JSON of a 500 x 100 card with evidence is
// 50 MB, and one JSON.stringify of it held the server for about a second.
import type { Pace } from "./pace";

/** JSON.stringify(value, null, indent), byte for byte, giving others turns while it writes; `value` is one JSON.stringify writes as text (not undefined or a function). */
export async function pacedJson(value: unknown, pace: Pace, indent = 0): Promise<string> {
  const parts: string[] = [];
  for await (const part of pacedJsonParts(value, pace, indent)) parts.push(part);
  return parts.join("");
}

/** pacedJson's text in parts, for a reader that needs no more than a part at a time. */
export async function* pacedJsonParts(value: unknown, pace: Pace, indent = 0): AsyncGenerator<string> {
  for (const part of jsonParts(toJsonValue("", value), "", " ".repeat(indent))) {
    yield part;
    await pace.spend(part.length);
  }
}

/**
 * Sizes (values, keys and characters) written by one JSON.stringify: a few milliseconds of it. A
 * value at a time is ten times slower than one stringify, so small values are written together.
 */
const WRITTEN_WHOLE = 10_000;

/** The parts of `value`'s JSON (already what its toJSON returned), its lines after the first indented by `indent`, as JSON.stringify writes it. */
function* jsonParts(value: unknown, indent: string, gap: string): Generator<string> {
  if (sizeUpTo(value, WRITTEN_WHOLE) <= WRITTEN_WHOLE) return yield stringified(value, indent, gap);
  const inner = indent + gap;
  const separator = gap ? `,\n${inner}` : ",";
  if (Array.isArray(value)) {
    yield gap ? `[\n${inner}` : "[";
    let index = 0;
    while (index < value.length) {
      if (index) yield separator;
      // The items from here that together are small, written by one stringify of them as an array, less its brackets.
      let end = index;
      let size = 0;
      while (end < value.length && !hasToJson(value[end])) {
        size += sizeUpTo(value[end], WRITTEN_WHOLE - size);
        if (size > WRITTEN_WHOLE) break;
        end++;
      }
      if (end > index) {
        const run = stringified(value.slice(index, end), indent, gap);
        yield run.slice(gap ? 2 + inner.length : 1, gap ? -2 - indent.length : -1);
        index = end;
      } else {
        const item = toJsonValue(String(index), value[index]);
        if (isWritten(item)) yield* jsonParts(item, inner, gap);
        else yield "null";
        index++;
      }
    }
    return yield gap ? `\n${indent}]` : "]";
  }
  if (isPlainObject(value)) {
    let first = true;
    for (const key of Object.keys(value)) {
      const property = toJsonValue(key, value[key]);
      if (!isWritten(property)) continue;
      yield `${first ? (gap ? `{\n${inner}` : "{") : separator}${JSON.stringify(key)}${gap ? ": " : ":"}`;
      first = false;
      yield* jsonParts(property, inner, gap);
    }
    return yield first ? "{}" : gap ? `\n${indent}}` : "}";
  }
  // An object of a class, which JSON.stringify writes as it would inside.
  yield stringified(value, indent, gap);
}

/** JSON.stringify's text of `value` as it stands indented by `indent`: only its structure has line breaks, a string's are escaped. */
function stringified(value: unknown, indent: string, gap: string): string {
  const json = JSON.stringify(value, null, gap);
  return indent && json.includes("\n") ? json.replaceAll("\n", `\n${indent}`) : json;
}

/** The values, keys and characters of `value`, counted until they pass `limit`: a large value costs no more than a small one to tell. */
function sizeUpTo(value: unknown, limit: number): number {
  let size = 0;
  const count = (item: unknown): boolean => {
    size += typeof item === "string" ? item.length + 1 : 1;
    if (size > limit) return false;
    if (item === null || typeof item !== "object") return true;
    if (Array.isArray(item)) return item.every(count);
    for (const key in item) {
      size += key.length;
      if (!count((item as Record<string, unknown>)[key])) return false;
    }
    return true;
  };
  count(value);
  return size;
}

/** What JSON.stringify writes for `value` under `key`: what its toJSON returns, if it has one. */
function toJsonValue(key: string, value: unknown): unknown {
  return hasToJson(value) ? value.toJSON(key) : value;
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return (typeof value === "object" || typeof value === "bigint") && typeof (value as { toJSON?: unknown } | null)?.toJSON === "function";
}

/** JSON.stringify leaves an object's property out, and writes an array's item as null, when it is one of these. */
function isWritten(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

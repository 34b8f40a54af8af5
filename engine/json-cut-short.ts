// Whether a body that is not JSON is JSON cut short: the start of a JSON value whose end never came (a server that
// died mid-answer, a proxy that closed the response early). Exact: the text is closed in the one way its grammar
// allows (the string, literal or number it ends in finished, an owed value given, its objects and arrays closed),
// and JSON.parse, not this file, says whether that is JSON. No other text becomes JSON by any ending.

const LITERALS = ["true", "false", "null"];

/** Whether `text`, which JSON.parse refused, is the start of some JSON value: only its end is missing. */
export function endsBeforeItsJson(text: string): boolean {
  const closers: string[] = [];
  /** The last character outside a string that was not white space: what the grammar expects next depends on it. */
  let last = "";
  /** The same before the string now open: a key follows "{" or an object's ",". */
  let beforeString = "";
  let inString = false;
  let escaped = false;
  /** Hex digits still owed to a \u escape. */
  let hexOwed = 0;
  /** A literal or number being read outside a string. */
  let bare = "";
  for (const c of text) {
    if (inString) {
      if (hexOwed > 0) hexOwed--;
      else if (escaped) {
        escaped = false;
        if (c === "u") hexOwed = 4;
      } else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (/[\w.+-]/.test(c)) {
      bare += c;
      last = c;
      continue;
    }
    bare = "";
    if (/\s/.test(c)) continue;
    if (c === '"') {
      inString = true;
      beforeString = last;
    } else if (c === "{") closers.push("}");
    else if (c === "[") closers.push("]");
    else if (c === "}" || c === "]") closers.pop();
    last = c;
  }
  const inObject = closers.at(-1) === "}";
  let ending = "";
  if (inString) {
    ending = `${escaped ? "n" : ""}${"0".repeat(hexOwed)}"`;
    last = '"';
  }
  if (last === '"' && inObject && (beforeString === "{" || beforeString === ",")) ending += ":null";
  else if (bare) ending += LITERALS.find((literal) => literal.startsWith(bare))?.slice(bare.length) ?? (/[-+.eE]$/.test(bare) ? "0" : "");
  else if (last === ":" || (last === "," && !inObject)) ending += "null";
  else if (last === ",") ending += '"":null';
  else if (last === "") ending += "null";
  ending += closers.reverse().join("");
  try {
    JSON.parse(text + ending);
    return true;
  } catch {
    return false;
  }
}

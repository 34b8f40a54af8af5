// How a free-text field of the card (a title, a purpose, a mitigation, a rationale, a paragraph of
// prose) is written into the card's markdown and read back, losslessly.
//
// A field's value is inline markdown: links, emphasis and code spans are kept as the source wrote
// them and written back unchanged. The value is read as the source text between its delimiters
// (a table cell's pipes, a list item's label, a bold title's asterisks), never as the text a reader
// sees, so nothing is flattened. Only these are encoded, and decoded on reading:
//
//   - a newline is written `<br>`; `<br>`, `<br/>` and `<br />` read as a newline;
//   - a numeric character reference `&#N;` / `&#xH;` reads as its character. The writer uses it for
//     characters that would break the surrounding markdown: CR, tab and other control characters,
//     a leading or trailing space (or any other whitespace or invisible format character such as
//     NBSP or a zero-width space), a bidirectional control anywhere (`BIDI_CONTROLS`), `|` in a
//     table cell, `*` in a bold title, a character that would start a block (`#`, `-`, `>`, ...)
//     at the start of a paragraph, and `<` opening an HTML tag: raw HTML in card text is shown as
//     text, never as markup;
//   - a literal `<br>` or `&#N;` in the value is written with a backslash before it (`\<br>`);
//     a run of k backslashes right before such a token is written doubled (2k, plus one for a
//     literal token), so `\\<br>` reads as a backslash and a newline;
//   - a soft line break of a hand-written source (a newline and the next line's indentation)
//     reads as a newline.
//
// The writer first tries this readable form and reads it back in its place; should a value still
// read back differently (markdown is subtle: `[x]: y` alone is a definition), it writes the safe
// form instead, where every character but letters, digits, inner spaces and visible non-ASCII is
// a numeric reference.
import type { Heading, Nodes, Paragraph, PhrasingContent, Root, TableCell } from "mdast";
import { remark } from "remark";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import { BIDI_CONTROLS } from "../domain/bidi-controls";

/** Where a value stands: a table cell, after a list label, at a paragraph's start, in a heading, in bold, or in a comma-separated list. */
export type TextContext = "cell" | "line" | "block" | "heading" | "strong" | "item";

const TOKEN = /<br\s*\/?>|&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});/gi;
const TOKEN_AT = /^(<br\s*\/?>|&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});)/i;
/** Whitespace, control and invisible format characters: trimmed or mangled by markdown readers at a boundary. */
const INVISIBLE = /^[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u;
const CONTROL = /^[\p{Cc}\u2028\u2029]$/u;
/** A character that can start a block construct at the start of a paragraph or list item. */
const BLOCK_START = /^[#>\-+*=_~`|<[:!0-9]$/;
const AUTOLINK =
  /^<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/;

/** A link destination or autolink with a scheme a reader should never follow (javascript:, data:, ...): written as text. */
// One way only to read the spaces before the scheme: `\s*<?\s*` split a run of n spaces n ways.
const UNSAFE_LINK_TARGET = /^\(\s*(?:<\s*)?(?!(?:https?|mailto):)[A-Za-z][A-Za-z0-9+.-]*:/;
const UNSAFE_AUTOLINK = /^<(?!(?:https?|mailto):)[A-Za-z][A-Za-z0-9+.-]{1,31}:/;

const reference = (char: string) => `&#${char.codePointAt(0)};`;

/** The written form of `value` in `context`; `safe` asks for the form that never reads back otherwise. */
export function encodeCardText(value: string, context: TextContext, safe = false): string {
  const chars = Array.from(value);
  let out = "";
  let backslashes = 0;
  // Where the character stands in `value`, for the checks that read on from it: a slice of `value` is
  // a view of it, where joining the rest of `chars` for each character made a long value quadratic.
  let offset = 0;
  for (let index = 0; index < chars.length; offset += chars[index].length, index++) {
    const char = chars[index];
    if (char === "\\" && !safe) {
      backslashes++;
      continue;
    }
    const literal = safe || (char !== "<" && char !== "&") ? null : TOKEN_AT.exec(value.slice(offset, offset + TOKEN_AT_LENGTH));
    if (literal) {
      out += "\\".repeat(2 * backslashes + 1) + literal[1];
      index += literal[1].length - 1;
      offset += literal[1].length - 1;
    } else if (mustEncode(char, index, chars, context, value, offset, safe)) {
      out += "\\".repeat(2 * backslashes) + (char === "\n" && index > 0 && index < chars.length - 1 ? "<br>" : reference(char));
    } else {
      out += "\\".repeat(backslashes) + char;
    }
    backslashes = 0;
  }
  return out + "\\".repeat(backslashes);
}

/** The most of a value TOKEN_AT looks at: a token is read within its first 12 characters. */
const TOKEN_AT_LENGTH = 12;

/** Whether chars[index], at `offset` in `value`, is written as a reference. */
function mustEncode(char: string, index: number, chars: string[], context: TextContext, value: string, offset: number, safe: boolean): boolean {
  const edge = index === 0 || index === chars.length - 1;
  if (char === "\n") return true;
  if (CONTROL.test(char) || (edge && INVISIBLE.test(char)) || BIDI_CONTROLS.includes(char)) return true;
  if (safe) return !/^[A-Za-z0-9 ]$/.test(char) && (char.charCodeAt(0) < 0x80 || INVISIBLE.test(char));
  if (char === "|" && context === "cell") return true;
  if (char === "," && context === "item") return true;
  if (char === "*" && context === "strong") return true;
  if (char === "#" && context === "heading" && index === chars.length - 1) return true;
  if (index === 0 && context === "block" && BLOCK_START.test(char)) return true;
  if (char === "(" && chars[index - 1] === "]" && UNSAFE_LINK_TARGET.test(value.slice(offset))) return true;
  if (char !== "<") return false;
  const rest = value.slice(offset);
  return (/^<[A-Za-z/!?]/.test(rest) && !AUTOLINK.test(rest)) || UNSAFE_AUTOLINK.test(rest);
}

/** The value a written (or hand-written) source text stands for: the inverse of `encodeCardText`. */
export function decodeCardText(source: string): string {
  // Both in one pass: a regular expression for the spaces around a line break, or for the
  // backslashes before a token, began again at each character of a long run of them.
  const joined = source
    .split(/\r\n|\r|\n/)
    .map((line, index, lines) => trimSpacesAndTabs(line, index > 0, index < lines.length - 1))
    .join("\n");
  let decoded = "";
  let end = 0;
  for (const { 0: token, index } of joined.matchAll(TOKEN)) {
    let start = index;
    while (start > end && joined[start - 1] === "\\") start--;
    const k = index - start;
    decoded += joined.slice(end, start) + "\\".repeat(Math.floor(k / 2)) + (k % 2 === 1 ? token : decodeToken(token));
    end = index + token.length;
  }
  return decoded + joined.slice(end);
}

function trimSpacesAndTabs(line: string, start: boolean, end: boolean): string {
  let from = 0;
  let to = line.length;
  while (start && from < to && (line[from] === " " || line[from] === "\t")) from++;
  while (end && to > from && (line[to - 1] === " " || line[to - 1] === "\t")) to--;
  return line.slice(from, to);
}

function decodeToken(token: string): string {
  if (token.startsWith("<")) return "\n";
  const code = token[2] === "x" || token[2] === "X" ? parseInt(token.slice(3, -1), 16) : parseInt(token.slice(2, -1), 10);
  // Not a character (NUL, a surrogate, past U+10FFFF): kept as written, which re-encodes to itself.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return token;
  return String.fromCodePoint(code);
}

type Positioned = { position?: { start: { offset?: number }; end: { offset?: number } } };

/** The source text from the first node's start to the last node's end. */
export function sourceOf(markdown: string, nodes: Positioned[]): string {
  if (!nodes.length) return "";
  return markdown.slice(nodes[0].position?.start.offset ?? 0, nodes[nodes.length - 1].position?.end.offset ?? 0);
}

export function readInline(markdown: string, node: Paragraph | Heading | TableCell): string {
  return decodeCardText(sourceOf(markdown, node.children));
}

/** Reads "**Label**: value", "**Label:** value" or "Label: value"; `bold` unwraps a value written as one bold span. */
export function readLabelled(markdown: string, paragraph: Paragraph, bold = false): { label: string; value: string; source: string } | null {
  const [first] = paragraph.children;
  if (!first) return null;
  let label: string;
  let start: number;
  if (first.type === "strong") {
    label = plainText(first).trim();
    start = first.position!.end.offset!;
    if (label.endsWith(":")) label = label.slice(0, -1).trim();
    else {
      const colon = /^[ \t]*:/.exec(markdown.slice(start));
      if (!colon) return null;
      start += colon[0].length;
    }
  } else {
    const source = sourceOf(markdown, [first]);
    const colon = source.indexOf(":");
    if (first.type !== "text" || colon <= 0) return null;
    label = source.slice(0, colon).trim();
    start = first.position!.start.offset! + colon + 1;
  }
  const end = paragraph.children[paragraph.children.length - 1].position!.end.offset!;
  const rest = markdown.slice(start, end);
  const leading = /^[ \t]*/.exec(rest)![0].length;
  if (bold) {
    const after = paragraph.children.filter((child) => child.position!.start.offset! >= start + leading);
    if (after.length === 1 && after[0].type === "strong" && after[0].position!.end.offset === end && after[0].position!.start.offset === start + leading) {
      return { label, value: readStrong(markdown, after[0]), source: rest.slice(leading) };
    }
  }
  return { label, value: decodeCardText(rest.slice(leading)), source: rest.slice(leading) };
}

/** Reads "**title** text": the bold lead and what follows it. */
export function readBoldLead(markdown: string, paragraph: Paragraph): { title: string; text: string } | null {
  const [first] = paragraph.children;
  if (first?.type !== "strong") return null;
  const end = paragraph.children[paragraph.children.length - 1].position!.end.offset!;
  const rest = markdown.slice(first.position!.end.offset!, end);
  return { title: readStrong(markdown, first), text: decodeCardText(rest.replace(/^[ \t]+/, "")) };
}

function readStrong(markdown: string, strong: PhrasingContent & { type: "strong" }): string {
  // The children's span, or the inside of the delimiters when the bold span is empty of nodes.
  const from = strong.position!.start.offset! + 2;
  const to = strong.position!.end.offset! - 2;
  return decodeCardText(markdown.slice(from, to));
}

export function plainText(node: Nodes): string {
  if (node.type === "break") return "\n";
  if ("value" in node && node.type !== "yaml") return node.value;
  if ("children" in node) return (node.children as Nodes[]).map(plainText).join("");
  return "";
}

/** Raw HTML the source holds inside `node`: the export shows it as text, so the import says so. */
export function inlineHtml(node: Nodes): string[] {
  if (node.type === "html") return /^<br\s*\/?>$/i.test(node.value) ? [] : [node.value];
  return "children" in node ? (node.children as Nodes[]).flatMap(inlineHtml) : [];
}

const reader = remark().use(remarkGfm).use(remarkFrontmatter, ["yaml"]);

export function parseMarkdown(markdown: string): Root {
  return reader.parse(markdown);
}

/** Words and everyday punctuation, starting with a letter: no markdown reads them as anything but text (checked by the property test). */
const PLAIN = /^\p{L}[\p{L}\p{N} ,.;:'"()%/?!&+-]*$/u;

/** writtenForm() of `value` at `place` (the placement and anything its reading depends on), or the one found before. */
function writeCardText(place: string, value: string, context: TextContext, readBack: (written: string) => string | undefined): string {
  const key = `${place}\0${value}`;
  const known = writtenForms.get(key);
  if (known !== undefined) return known;
  const written = writtenForm(value, context, readBack);
  keepWrittenForm(key, written);
  return written;
}

/**
 * The written forms found so far, by place and value, oldest first. A card is rendered again
 * whenever anything in it changes (lib/releases/card-export.ts keeps bodies by their input), and
 * reading back each of a large card's thousands of values took seconds of the one server thread:
 * the values that did not change are found here. At most WRITTEN_CHARACTERS_KEPT characters of
 * keys and forms are kept, the oldest let go first.
 */
const writtenForms = new Map<string, string>();
const WRITTEN_CHARACTERS_KEPT = 16 * 1024 ** 2;
let writtenCharacters = 0;

function keepWrittenForm(key: string, written: string): void {
  writtenForms.set(key, written);
  writtenCharacters += key.length + written.length;
  for (const [oldest, form] of writtenForms) {
    if (writtenCharacters <= WRITTEN_CHARACTERS_KEPT) break;
    writtenForms.delete(oldest);
    writtenCharacters -= oldest.length + form.length;
  }
}

/**
 * The readable written form of `value` if `readBack` gives the value back from it, else the safe
 * form. `readBack` reads a written form in the place it will stand.
 */
function writtenForm(value: string, context: TextContext, readBack: (written: string) => string | undefined): string {
  const readable = encodeCardText(value, context);
  if (readable === value && PLAIN.test(value) && !(context === "item" && value.includes(","))) return readable;
  if (readBack(readable) === value) return readable;
  const safe = encodeCardText(value, context, true);
  if (readBack(safe) === value) return safe;
  throw new Error(`cannot write ${JSON.stringify(value.slice(0, 80))} into the card's markdown losslessly`);
}

// Each place the card's markdown holds a value, read back the way the importer reads it.
type Found<T> = T | undefined;
const only = <T>(nodes: T[]): Found<T> => (nodes.length === 1 ? nodes[0] : undefined);

function itemParagraph(markdown: string): Found<Paragraph> {
  const list = only(parseMarkdown(markdown).children);
  if (list?.type !== "list") return undefined;
  const item = only(list.children);
  const paragraph = item && only(item.children);
  return paragraph?.type === "paragraph" ? paragraph : undefined;
}

export const placed = {
  heading(value: string): string {
    return writeCardText("heading", value, "heading", (written) => {
      const markdown = `# ${written}\n`;
      const heading = only(parseMarkdown(markdown).children);
      return heading?.type === "heading" && heading.depth === 1 ? readInline(markdown, heading) : undefined;
    });
  },
  paragraph(value: string): string {
    return writeCardText("paragraph", value, "block", (written) => {
      const markdown = `${written}\n`;
      const paragraph = only(parseMarkdown(markdown).children);
      return paragraph?.type === "paragraph" ? readInline(markdown, paragraph) : undefined;
    });
  },
  orderedItem(value: string): string {
    return writeCardText("orderedItem", value, "block", (written) => {
      const markdown = `1. ${written}\n`;
      const paragraph = itemParagraph(markdown);
      return paragraph && readInline(markdown, paragraph);
    });
  },
  /** "Label: value", the label in bold with `boldLabel`, the value in bold with `bold`. */
  labelled(label: string, value: string, bold = false, boldLabel = false): string {
    return writeCardText(`labelled\0${label}\0${bold}\0${boldLabel}`, value, bold ? "strong" : "line", (written) => {
      const head = boldLabel ? `**${label}**` : label;
      const markdown = bold ? `- ${head}: **${written}**\n` : `- ${head}: ${written}\n`;
      const paragraph = itemParagraph(markdown);
      const read = paragraph && readLabelled(markdown, paragraph, bold);
      return read?.label === label ? read.value : undefined;
    });
  },
  listed(value: string): string {
    return writeCardText("listed", value, "item", (written) => {
      const markdown = `- L: ${written}\n`;
      const paragraph = itemParagraph(markdown);
      const read = paragraph && readLabelled(markdown, paragraph);
      return read && !read.source.includes(",") ? read.value : undefined;
    });
  },
  boldTitle(value: string): string {
    return writeCardText("boldTitle", value, "strong", (written) => {
      const markdown = `**${written}**\n`;
      const paragraph = only(parseMarkdown(markdown).children);
      const read = paragraph?.type === "paragraph" ? readBoldLead(markdown, paragraph) : undefined;
      return read?.text === "" ? read.title : undefined;
    });
  },
  /** "**title** text" in one list item: both parts read back, or both are written safe. */
  boldLead(title: string, text: string): string {
    const line = (safe: boolean) => {
      const head = `**${encodeCardText(title, "strong", safe)}**`;
      return text ? `${head} ${encodeCardText(text, "line", safe)}` : head;
    };
    for (const safe of [false, true]) {
      const markdown = `- ${line(safe)}\n`;
      const paragraph = itemParagraph(markdown);
      const read = paragraph && readBoldLead(markdown, paragraph);
      if (read?.title === title && read.text === text) return line(safe);
    }
    throw new Error(`cannot write the storage change ${JSON.stringify(title.slice(0, 80))} losslessly`);
  },
  cell(value: string, suffix = ""): string {
    return writeCardText(`cell\0${suffix}`, value, "cell", (written) => {
      const markdown = `| ${written}${suffix} |\n| - |\n`;
      const table = only(parseMarkdown(markdown).children);
      if (table?.type !== "table") return undefined;
      const cell = table.children[0].children[0];
      if (!suffix) return readInline(markdown, cell);
      const source = sourceOf(markdown, cell.children);
      return source.endsWith(suffix) ? decodeCardText(source.slice(0, -suffix.length).replace(/[ \t]+$/, "")) : undefined;
    });
  },
};

// A server-sent-events stream read as its text arrives: the `data:` payload of each event a blank
// line ends, its data lines joined by line breaks.
//
// An event's pieces are held apart until one brings its end, and only a new piece (with the three
// characters before it, a blank line's longest start) is searched for it: searching all that was held
// at each piece read an event that never ends once per piece (16 MB in pieces of 16 KB: 9.5 s).

/** A blank line: the end of an event. */
const EVENT_END = /\r?\n\r?\n/;
/** A blank line is at most four characters long: of one a new piece ends, at most three came before it. */
const EVENT_END_REACH = 3;

export class ServerSentEvents {
  private pieces: string[] = [];
  private length = 0;
  /** The last characters held, where a blank line a new piece ends may begin. */
  private tail = "";

  /** The data of each event `text` ends; an event without data lines gives none. */
  push(text: string): string[] {
    if ((this.tail + text).search(EVENT_END) === -1) {
      this.hold(text);
      return [];
    }
    let rest = this.held() + text;
    this.pieces = [];
    this.length = 0;
    this.tail = "";
    const events: string[] = [];
    for (let end = rest.search(EVENT_END); end !== -1; end = rest.search(EVENT_END)) {
      const data = eventData(rest.slice(0, end));
      rest = rest.slice(end).replace(/^\r?\n\r?\n/, "");
      if (data) events.push(data);
    }
    this.hold(rest);
    return events;
  }

  /** The characters held of an event not yet ended. */
  get heldLength(): number {
    return this.length;
  }

  /** What is held of an event not yet ended (all of a body that was no stream). */
  held(): string {
    return this.pieces.join("");
  }

  private hold(text: string): void {
    if (!text) return;
    this.pieces.push(text);
    this.length += text.length;
    this.tail = (this.tail + text).slice(-EVENT_END_REACH);
  }
}

/** The event's data lines, "data:" and one space after it taken off, joined by line breaks. */
function eventData(event: string): string {
  return event
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).replace(/^ /, ""))
    .join("\n");
}

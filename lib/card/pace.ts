// Writing a large card's markdown is seconds of work (a 500 x 100 card: 20 s the first time) on
// the server's one thread, and every other request waited for all of it. The writer counts its work
// here and, every WORK_BETWEEN_TURNS of it, lets the callbacks waiting on the event loop (other
// requests' I/O, timers) run before it goes on.

/** Characters written between two turns given to others: tens of milliseconds of writing. */
export const WORK_BETWEEN_TURNS = 10_000;

/** What writing one value costs beyond its characters: reading it back parses a markdown document, however short. */
const VALUE_OVERHEAD = 200;

export interface Pace {
  /** Counts `characters` of work done, and gives others a turn once enough is done since the last. */
  spend(characters: number): Promise<void>;
  /** Counts the writing of `values` into the card's markdown. */
  wrote(...values: string[]): Promise<void>;
}

export function newPace(): Pace {
  let done = 0;
  const pace: Pace = {
    async spend(characters) {
      done += characters;
      if (done < WORK_BETWEEN_TURNS) return;
      done = 0;
      await new Promise((resolve) => setImmediate(resolve));
    },
    wrote: (...values) => pace.spend(values.reduce((sum, value) => sum + VALUE_OVERHEAD + value.length, 0)),
  };
  return pace;
}

/** What building one row of a section's table or list costs, in the characters `spend` counts: a few microseconds. */
const ITEM_WORK = 50;
/** Items between two counts of their work: an await for each of 50,000 rows would cost more than the rows. */
const ITEMS_COUNTED_TOGETHER = 100;

/** `map` of each of `items`, giving others turns on the way: a section of a 500 x 100 card builds 50,000 rows. */
export async function mapPaced<Item, Result>(items: readonly Item[], pace: Pace, map: (item: Item) => Result): Promise<Result[]> {
  const results: Result[] = [];
  for (const item of items) {
    results.push(map(item));
    if (results.length % ITEMS_COUNTED_TOGETHER === 0) await pace.spend(ITEMS_COUNTED_TOGETHER * ITEM_WORK);
  }
  return results;
}

/**
 * How many turns the event loop gave others while `work` ran: a callback that asks for one each turn
 * (setImmediate, as the pace gives its turns) counts them. Counted, not timed: a busy machine makes
 * the work slower, not the turns fewer.
 */
export async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let probe = setImmediate(function turn() {
    turns++;
    probe = setImmediate(turn);
  });
  try {
    await work();
  } finally {
    clearImmediate(probe);
  }
  return turns;
}

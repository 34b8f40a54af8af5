// How a function's time grows with its input, measured on a shared, busy machine. A test compares the
// growth with the input's (sixteen times the characters: about sixteen times the time when linear,
// 256 when quadratic), never a time with a bound in milliseconds.

export interface TimeGrowth {
  /** The least time on the long input over the least time on the short one. */
  growth: number;
  /** Halfway, on a log scale, between linear and quadratic growth for these inputs' lengths. */
  bound: number;
}

/**
 * How much longer `judge` takes on `long` than on `short`. The two are timed in turn, after two untimed
 * tries of each (the first readings compile what later ones reuse), and the least time of each side is
 * kept, so a burst of another tenant's work slows a few tries of both, not one side of the comparison.
 * A growth over the bound is measured again, up to three times in all: a linear reader gets under it
 * once the machine has a quiet moment; a quadratic one never does.
 */
export function timeGrowth(judge: (output: string) => unknown, short: string, long: string): TimeGrowth {
  const bound = (long.length / short.length) ** 1.5;
  for (const text of [short, long, short, long]) judge(text);
  let growth = Number.POSITIVE_INFINITY;
  for (let measurement = 0; measurement < 3 && growth >= bound; measurement++) {
    let leastShort = Number.POSITIVE_INFINITY;
    let leastLong = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) {
      leastShort = Math.min(leastShort, millisecondsPerJudgement(judge, short));
      leastLong = Math.min(leastLong, millisecondsPerJudgement(judge, long));
    }
    growth = Math.min(growth, leastLong / leastShort);
  }
  return { growth, bound };
}

/**
 * The mean time of one judgement, repeated until ten milliseconds have passed. A short input is judged
 * in well under a millisecond: timed once, the timer's grain and one descheduling would decide the
 * ratio, and a floor of one millisecond made the ratio the long input's time in milliseconds, a bound
 * a busy machine broke (69.8 against 64 at a load of 16).
 */
function millisecondsPerJudgement(judge: (output: string) => unknown, output: string): number {
  const started = performance.now();
  let judgements = 0;
  let elapsed = 0;
  do {
    judge(output);
    judgements++;
    elapsed = performance.now() - started;
  } while (elapsed < 10);
  return elapsed / judgements;
}

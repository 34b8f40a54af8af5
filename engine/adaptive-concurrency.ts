// How many requests the openai backend keeps in flight against one endpoint. A continuously
// batching server (vLLM, SGLang) gets more tokens out per second the more sequences it decodes
// together, up to its own cap; past that, requests queue and their first token comes late, or
// the server (or a gateway in front of it) answers 429 or 503. So the limit grows while the time
// to first token holds, is cut a little when it no longer holds and by half on an overload (two
// or more 429, 503, 504 or timeouts among the last hundred attempts: one in a thousand is a
// gateway's noise, not a full server), as TCP's congestion window is: at most one cut per round
// trip, since the answers that arrive just after a cut were all sent before it and say nothing
// about the new limit. Growth is one per answer
// (doubling per round trip) up to just below the limit of the last cut, and one per round trip
// past it: back quickly to what worked after a passing 429, slowly into what did not. The limit
// moves when an answer's first token arrives, not when the answer ends: the time to first token is
// the signal, and an answer of a few hundred tokens would otherwise make each round trip seconds long.

export interface AdaptiveConcurrencyOptions {
  /** Requests in flight at the start. */
  initial: number;
  /** Most requests in flight ever. */
  max: number;
  /** A typical latency this many times the baseline (the lowest typical one seen lately) no longer holds. */
  latencyTolerance?: number;
}

/**
 * How one request's attempt ended: "overloaded" for 429, 503, 504 or a timeout (the endpoint has
 * more than it can take); "other" for anything that says nothing about load (a refusal, a cut
 * connection), or an answer whose first token was already reported.
 */
export type AttemptOutcome = "overloaded" | "other";

export interface Permit {
  /** The cut count when the request was sent: answers to requests sent before a cut cannot cut again. */
  readonly epoch: number;
}

// A batching engine's first token comes several times later with its batch full than idle (a
// longer step, and the prefill of the prompts joining it), and that is not a queue; a queue adds
// whole answers' worth of waiting, ten times and more.
const DEFAULT_LATENCY_TOLERANCE = 10;
/** Multiplies the limit when latency no longer holds, and on an overload. */
const LATENCY_CUT = 0.9;
const OVERLOAD_CUT = 0.5;
/** Fast growth stops at this share of the limit the last cut was made at. */
const FAST_GROWTH_UP_TO = 0.9;
/** Attempts an overload is counted over, and the overloads among them that make it one. */
const OVERLOAD_WINDOW = 100;
const OVERLOADS = 2;
/**
 * First tokens whose median is the typical latency. One late first token says little: the
 * client's own work (a database write, judging) delays every token that arrives meanwhile.
 */
const RECENT = 16;
/** First tokens per baseline window: the baseline is the lowest typical latency of the last one to two windows. */
const BASELINE_WINDOW = 500;

export class AdaptiveConcurrency {
  private current: number;
  private active = 0;
  private epoch = 0;
  /** The limit when it was last cut: where the endpoint stopped keeping up. */
  private cutFrom = Infinity;
  private readonly waiting: Array<{ resolve: (permit: Permit) => void; reject: (reason: unknown) => void; signal?: AbortSignal }> = [];
  private readonly tolerance: number;
  private readonly recent: number[] = [];
  /** Whether each of the last OVERLOAD_WINDOW attempts ended in an overload. */
  private readonly outcomes: boolean[] = [];
  private lowestThisWindow = Infinity;
  private lowestLastWindow = Infinity;
  private answersThisWindow = 0;

  constructor(private readonly options: AdaptiveConcurrencyOptions) {
    if (!(options.max >= 1)) throw new Error(`concurrency: the most requests in flight must be >= 1, got ${options.max}`);
    if (!(options.initial >= 1)) throw new Error(`concurrency: the requests in flight at the start must be >= 1, got ${options.initial}`);
    this.current = Math.min(options.initial, options.max);
    this.tolerance = options.latencyTolerance ?? DEFAULT_LATENCY_TOLERANCE;
  }

  /** Requests allowed in flight now. */
  get limit(): number {
    return Math.floor(this.current);
  }

  get inFlight(): number {
    return this.active;
  }

  /**
   * Waits for a free place. A retry goes ahead of new requests, so a case that failed once is not
   * held back behind every case sent after it. A waiter whose signal is aborted is dropped (its
   * promise rejected) when a place frees: thousands of waiters, no listener each on the signal.
   */
  acquire(options: { retry?: boolean; signal?: AbortSignal } = {}): Promise<Permit> {
    options.signal?.throwIfAborted();
    if (this.active < this.limit && this.waiting.length === 0) {
      this.active++;
      return Promise.resolve({ epoch: this.epoch });
    }
    return new Promise<Permit>((resolve, reject) => {
      const waiter = { resolve, reject, signal: options.signal };
      if (options.retry) this.waiting.unshift(waiter);
      else this.waiting.push(waiter);
    });
  }

  /** The attempt's first token came this long after it was sent. */
  firstToken(permit: Permit, latencyMs: number): void {
    const typical = this.typical(latencyMs);
    const baseline = Math.min(this.lowestThisWindow, this.lowestLastWindow, typical);
    this.remember(typical);
    if (typical <= baseline * this.tolerance) {
      const step = this.current < this.cutFrom * FAST_GROWTH_UP_TO ? 1 : 1 / this.current;
      this.current = Math.min(this.options.max, this.current + step);
    } else {
      this.cut(permit, LATENCY_CUT);
    }
    this.admit();
  }

  release(permit: Permit, outcome: AttemptOutcome): void {
    this.active--;
    this.outcomes.push(outcome === "overloaded");
    if (this.outcomes.length > OVERLOAD_WINDOW) this.outcomes.shift();
    if (outcome === "overloaded" && this.outcomes.filter(Boolean).length >= OVERLOADS) this.cut(permit, OVERLOAD_CUT);
    this.admit();
  }

  private cut(permit: Permit, factor: number): void {
    if (permit.epoch !== this.epoch) return;
    this.epoch++;
    this.cutFrom = this.current;
    this.current = Math.max(1, this.current * factor);
  }

  private typical(latencyMs: number): number {
    this.recent.push(latencyMs);
    if (this.recent.length > RECENT) this.recent.shift();
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  private remember(latencyMs: number): void {
    this.lowestThisWindow = Math.min(this.lowestThisWindow, latencyMs);
    if (++this.answersThisWindow < BASELINE_WINDOW) return;
    // Forgets old lows, so a server that became slower for good sets a new baseline.
    this.lowestLastWindow = this.lowestThisWindow;
    this.lowestThisWindow = Infinity;
    this.answersThisWindow = 0;
  }

  private admit(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (next.signal?.aborted) {
        next.reject(next.signal.reason);
        continue;
      }
      this.active++;
      next.resolve({ epoch: this.epoch });
    }
  }
}

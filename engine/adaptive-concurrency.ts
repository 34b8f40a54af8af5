// How many requests the openai backend keeps in flight against one endpoint. A continuously
// batching server (vLLM, SGLang) gets more tokens out per second the more sequences it decodes
// together, up to its own cap; past that, requests queue and their first token comes late, or
// the server (or a gateway in front of it) answers 429 or 503. So the limit grows while the time
// to first token holds, is cut a little when it no longer holds and by half on an overload, as
// TCP's congestion window is: at most one cut per round trip, since the answers that arrive just
// after a cut were all sent before it and say nothing about the new limit. Growth is one per answer
// (doubling per round trip) up to just below the limit of the last cut, and one per round trip
// past it: back quickly to what worked after a passing 429, slowly into what did not. The limit
// moves when an answer's first token arrives, not when the answer ends: the time to first token is
// the signal, and an answer of a few hundred tokens would otherwise make each round trip seconds long.

export interface AdaptiveConcurrencyOptions {
  /** Requests in flight at the start. */
  initial: number;
  /** Most requests in flight ever. */
  max: number;
  /** A latency this many times the baseline (the lowest seen lately) no longer holds. */
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

const DEFAULT_LATENCY_TOLERANCE = 3;
/** Multiplies the limit when latency no longer holds, and on an overload. */
const LATENCY_CUT = 0.9;
const OVERLOAD_CUT = 0.5;
/** Fast growth stops at this share of the limit the last cut was made at. */
const FAST_GROWTH_UP_TO = 0.9;
/** Answers per baseline window: the baseline is the lowest latency of the last one to two windows. */
const BASELINE_WINDOW = 500;

export class AdaptiveConcurrency {
  private current: number;
  private active = 0;
  private epoch = 0;
  /** The limit when it was last cut: where the endpoint stopped keeping up. */
  private cutFrom = Infinity;
  private readonly waiting: Array<{ resolve: (permit: Permit) => void; reject: (reason: unknown) => void; signal?: AbortSignal }> = [];
  private readonly tolerance: number;
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
    const baseline = Math.min(this.lowestThisWindow, this.lowestLastWindow, latencyMs);
    this.remember(latencyMs);
    if (latencyMs <= baseline * this.tolerance) {
      const step = this.current < this.cutFrom * FAST_GROWTH_UP_TO ? 1 : 1 / this.current;
      this.current = Math.min(this.options.max, this.current + step);
    } else {
      this.cut(permit, LATENCY_CUT);
    }
    this.admit();
  }

  release(permit: Permit, outcome: AttemptOutcome): void {
    this.active--;
    if (outcome === "overloaded") this.cut(permit, OVERLOAD_CUT);
    this.admit();
  }

  private cut(permit: Permit, factor: number): void {
    if (permit.epoch !== this.epoch) return;
    this.epoch++;
    this.cutFrom = this.current;
    this.current = Math.max(1, this.current * factor);
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

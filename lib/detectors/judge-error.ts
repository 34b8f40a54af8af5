// A model judge that could not give a verdict: its endpoint failed, timed out, or answered outside
// its format. Thrown, never turned into a verdict: a counted judge's error makes the run an error
// (the worker retries it), and an advisory judge's is recorded beside the detectors (registry.ts).
export class JudgeError extends Error {
  constructor(
    /** "model-judge@<version>": which judge failed. */
    readonly detector: string,
    /** Why, without the detector's name. */
    readonly reason: string,
    /** Its endpoint was not reached at all: the run waits for it as for the model's own (serving-outage.ts). */
    readonly unreachable = false,
    /** Its endpoint failed in a way that is its own whatever was asked (GenerationResult.endpointFault). */
    readonly endpointFault = false,
  ) {
    super(`${detector}: ${reason}`);
    this.name = "JudgeError";
  }
}

// Waiting in a test for what another process, worker or server will do: polls instead of sleeping a
// guessed time, so a slow machine makes the test slower, not wrong.

/** Polls `read` until it gives something other than null, undefined or false; fails naming `what` after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== null && value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

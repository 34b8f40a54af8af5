// A response that reports progress while long work runs (reading a large result file takes
// minutes): one JSON object per line, `{"progress": ...}` as often as the work reports, then
// `{"done": ...}` with its result, or `{"failed": "..."}` when it threw. The status is sent before
// the work starts, so refusals the caller can know up front must be answered before this.
export function ndjsonResponse<P>(work: (report: (progress: P) => void) => Promise<unknown>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        send({ done: await work((progress) => send({ progress })) });
      } catch (error) {
        console.error(error);
        send({ failed: "the server failed while doing this: its log says why" });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}

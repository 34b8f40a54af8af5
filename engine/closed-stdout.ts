// A reader that stops early (`engine inspect DIR | head -1`) closes the pipe, and node raises the
// next write's EPIPE as an unhandled 'error' event: a stack trace on stderr, exit 1. What is left to
// write has no reader, so it is dropped, and the command ends as it would have, with its own exit
// code (a gate's verdict is not lost to a closed pipe). Any other error of stdout is still raised.
let ignoring = false;

export function dropOutputAfterReaderCloses(): void {
  if (ignoring) return;
  ignoring = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    throw error;
  });
}

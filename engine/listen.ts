// Starts an HTTP server listening and hands back what its callers need: the address to reach it and
// a close that also ends kept-alive connections (or a test's server would hold its process open).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  close(): Promise<void>;
}

export async function listen(http: Server, host: string, port = 0): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    port: bound,
    http,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((err) => (err ? reject(err) : resolve()));
        http.closeAllConnections();
      }),
  };
}

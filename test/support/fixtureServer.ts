/** A local HTTP server on 127.0.0.1 (random port) serving recorded files, for update tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = { readonly status: number; readonly body: string } | { readonly truncateAfterBytes: number; readonly body: string };

export interface FixtureServer {
  readonly baseUrl: string;
  /** Paths (with query) requested so far. */
  readonly requested: string[];
  close(): Promise<void>;
}

export async function startFixtureServer(routes: Readonly<Record<string, Route>>): Promise<FixtureServer> {
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requested.push(path);
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    const bytes = Buffer.from(route.body, 'utf8');
    if ('truncateAfterBytes' in route) {
      // Promise the whole file, send part of it, then drop the connection.
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': String(bytes.length) });
      res.write(bytes.subarray(0, route.truncateAfterBytes), () => res.socket?.destroy());
      return;
    }
    res.writeHead(route.status, { 'Content-Type': 'text/csv', 'Content-Length': String(bytes.length) });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

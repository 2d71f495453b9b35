import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Reply } from './envelope.ts';
import { errors } from './errors.ts';
import type { Simulator } from './simulator.ts';

export interface ListenOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Serve HTTPS with this PEM certificate (chain) and key instead of HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface RunningSimulator {
  /** API root, e.g. http://127.0.0.1:PORT/api/v2 (https with `tls`). */
  readonly url: string;
  /** http://host:port, where the control API `/__simulator/...` lives. */
  readonly origin: string;
  readonly port: number;
  /** Stops listening and destroys every open connection, hung ones included. */
  close(): Promise<void>;
}

/** Headers larger than Node's default 16 KiB still get an envelope answer, not a bare 431. */
const MAX_HEADER_BYTES = 64 * 1024;

const REASONS: Readonly<Record<number, string>> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large', 501: 'Not Implemented' };

/** A whole HTTP/1.1 response carrying an error envelope, for sockets that never reach the request handler. */
function rawEnvelope(reply: Reply): string {
  const text = JSON.stringify(reply.body);
  return (
    `HTTP/1.1 ${reply.httpStatus} ${REASONS[reply.httpStatus] ?? 'Error'}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`
  );
}

function clientErrorReply(code: string | undefined): Reply {
  return code === 'HPE_HEADER_OVERFLOW' ? errors.invalidInput('Request header fields too large', 431) : errors.invalidInput('Malformed HTTP request');
}

function answerAndClose(socket: Duplex, reply: Reply): void {
  if (socket.writable && !socket.destroyed) socket.end(rawEnvelope(reply));
  else socket.destroy();
}

function startListening(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Serves a simulator over HTTP (fastify-style split: buildSimulator builds, listen serves). */
export async function listen(simulator: Simulator, options: ListenOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  // Without a Host header the request still gets a GWS answer, not Node's bare 400.
  const serverOptions = { maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false };
  const server: Server = options.tls
    ? createTlsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }, simulator.handler)
    : createServer(serverOptions, simulator.handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Garbage request lines and bad headers never reach the handler; answer them with an envelope too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerAndClose(socket, clientErrorReply(error.code)));
  // GWS is no proxy: CONNECT is answered, not left hanging or dropped.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => answerAndClose(socket, errors.methodNotImplemented(req.method ?? 'CONNECT')));
  server.on('error', () => undefined);
  await startListening(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const origin = `${options.tls ? 'https' : 'http'}://${hostPart}:${port}`;

  let closed = false;
  let reopenTimer: NodeJS.Timeout | undefined;
  const destroyAll = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const reopen = (attempt: number): void => {
    reopenTimer = undefined;
    if (closed || server.listening) return;
    // Someone may have taken the port meanwhile: retry for a few seconds.
    startListening(server, port, host).catch(() => {
      if (!closed && attempt < 50) reopenTimer = setTimeout(() => reopen(attempt + 1), 100);
    });
  };
  // `down`: refuse connections by closing the listener, then reopen on the same port.
  const onDown = ({ durationMs }: { durationMs: number }): void => {
    if (closed) return;
    if (reopenTimer !== undefined) clearTimeout(reopenTimer);
    if (server.listening) server.close();
    destroyAll();
    reopenTimer = setTimeout(() => reopen(0), durationMs);
  };
  simulator.events.on('down', onDown);
  simulator.served();

  return {
    url: `${origin}${simulator.options.prefix}`,
    origin,
    port,
    close: async () => {
      if (closed) return;
      closed = true;
      simulator.events.off('down', onDown);
      simulator.notifications.close();
      if (reopenTimer !== undefined) clearTimeout(reopenTimer);
      const stopped = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
      destroyAll();
      server.closeAllConnections();
      await stopped;
    },
  };
}

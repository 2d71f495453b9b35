import type http from 'node:http';
import type https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { HttpMethod, ObservedResponse } from '../contracts/index.ts';
import type { ClientFailure, PhaseTimings } from './types.ts';

/** One request over the wire, exactly as built by the session. */
export interface WireRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** Milliseconds for headers and body together: a trickled body ends here too. */
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  /** Told the response headers as soon as they arrive, also when the body then fails. */
  readonly onHeaders: (headers: http.IncomingHttpHeaders) => void;
}

export type WireResult =
  | { readonly kind: 'response'; readonly response: ObservedResponse; readonly timings: PhaseTimings }
  | { readonly kind: ClientFailure; readonly error: string; readonly timings: PhaseTimings };

export interface Wire {
  readonly transport: typeof http | typeof https;
  readonly agent: http.Agent;
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const text = headerValue(value);
    if (text !== undefined) out[name.toLowerCase()] = text;
  }
  return out;
}

/** A network failure named by its code and the host, never by the URL's path or any header. */
function networkError(error: unknown, target: URL): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  const reason = code ?? (error instanceof Error ? error.message : 'connection failed');
  return `${reason} ${target.hostname}:${port}`;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sends one request and reads the whole answer under one deadline and one size cap. Resolves for
 * every network condition; a 3xx is an answer like any other (redirects are never followed, so
 * credentials never travel to another host).
 */
export function exchange(wire: Wire, request: WireRequest): Promise<WireResult> {
  const { url, timeoutMs, maxBodyBytes } = request;
  return new Promise<WireResult>((resolve) => {
    const startedAt = performance.now();
    let connectedAt: number | undefined;
    let secureAt: number | undefined;
    let reused: boolean | undefined;
    let writtenAt: number | undefined;
    let firstByteAt: number | undefined;
    let settled = false;

    const timings = (endAt: number): PhaseTimings => {
      const ready = secureAt ?? connectedAt ?? startedAt;
      const sent = Math.max(writtenAt ?? ready, ready);
      const seconds = (ms: number): number => Math.max(0, ms) / 1000;
      return {
        connect: reused === true || connectedAt === undefined ? 0 : seconds(connectedAt - startedAt),
        tls: reused === true || secureAt === undefined || connectedAt === undefined ? 0 : seconds(secureAt - connectedAt),
        processing: firstByteAt === undefined ? 0 : seconds(firstByteAt - sent),
        transfer: firstByteAt === undefined ? 0 : seconds(endAt - firstByteAt),
        total: seconds(endAt - startedAt),
        ...(reused === undefined ? {} : { reused }),
      };
    };
    const fail = (kind: ClientFailure, error: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ kind, error, timings: timings(performance.now()) });
    };

    const req = wire.transport.request(url, { method: request.method, headers: { ...request.headers }, agent: wire.agent });
    const timer = setTimeout(() => fail('timeout', `no complete response within ${timeoutMs} ms`), timeoutMs);

    req.on('socket', (socket: Socket) => {
      reused = !socket.connecting;
      if (!socket.connecting) {
        connectedAt = performance.now();
        return;
      }
      socket.once('connect', () => {
        connectedAt = performance.now();
      });
      socket.once('secureConnect', () => {
        secureAt = performance.now();
      });
    });
    req.on('finish', () => {
      writtenAt = performance.now();
    });
    req.on('error', (error) => fail('network_error', networkError(error, url)));
    req.on('response', (res) => {
      firstByteAt = performance.now();
      request.onHeaders(res.headers);
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        fail('too_large', `response body of ${declared} bytes is over the ${maxBodyBytes}-byte limit (maxBodyBytes)`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          fail('too_large', `response body is over the ${maxBodyBytes}-byte limit (maxBodyBytes)`);
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error) => fail('network_error', networkError(error, url)));
      res.on('aborted', () => fail('network_error', networkError({ code: 'ECONNRESET' }, url)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const phaseTimings = timings(performance.now());
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const response: ObservedResponse = {
          httpStatus: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          rawBody,
          body: parseJson(rawBody),
          durationMs: phaseTimings.total * 1000,
        };
        resolve({ kind: 'response', response, timings: phaseTimings });
      });
    });
    req.end(request.body);
  });
}

import type http from 'node:http';
import type https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket, type DetailedPeerCertificate } from 'node:tls';
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

interface WireResultBase {
  readonly timings: PhaseTimings;
  /** `performance.now()` just before the request was handed to Node's HTTP client; `timings.total` runs from here. */
  readonly startedAt: number;
  /** The earliest notAfter of the server's certificate chain, epoch seconds (https only). */
  readonly certNotAfter?: number;
}

export type WireResult =
  | (WireResultBase & { readonly kind: 'response'; readonly response: ObservedResponse })
  | (WireResultBase & { readonly kind: ClientFailure; readonly error: string });

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

/** OpenSSL's verification codes and Node's own TLS error codes. */
const TLS_ERROR_CODE = /CERT|SELF_SIGNED|UNABLE_TO_|^ERR_TLS_|^ERR_SSL_|^EPROTO$/;

/**
 * A network failure named by its code and the host, never by the URL's path or any header. A TLS
 * failure says so, with OpenSSL's reason (e.g. "self-signed certificate"): the fix is a setting.
 */
function networkError(error: unknown, target: URL): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  const where = `${target.hostname}:${port}`;
  if (code !== undefined && TLS_ERROR_CODE.test(code) && error instanceof Error) {
    return `TLS ${code} (${error.message.split('\n')[0] ?? code}) ${where}`;
  }
  const reason = code ?? (error instanceof Error ? error.message : 'connection failed');
  return `${reason} ${where}`;
}

/** Earliest notAfter per TLS socket: a keep-alive socket's chain is read once. */
const chainExpiry = new WeakMap<TLSSocket, number | undefined>();

/** The earliest notAfter (epoch seconds) of the chain the peer presented, leaf to root. */
export function earliestNotAfter(socket: TLSSocket): number | undefined {
  if (chainExpiry.has(socket)) return chainExpiry.get(socket);
  let earliest: number | undefined;
  const seen = new Set<string>();
  // A root certificate is its own issuer: the walk ends at a certificate seen before.
  for (let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true); cert?.fingerprint256 && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    const notAfter = Date.parse(cert.valid_to) / 1000;
    if (Number.isFinite(notAfter)) earliest = Math.min(earliest ?? notAfter, notAfter);
  }
  chainExpiry.set(socket, earliest);
  return earliest;
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
    let certNotAfter: number | undefined;
    let settled = false;
    const withCert = (): { certNotAfter?: number } => (certNotAfter === undefined ? {} : { certNotAfter });

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
      detach?.();
      req.destroy();
      resolve({ kind, error, timings: timings(performance.now()), startedAt, ...withCert() });
    };

    const req = wire.transport.request(url, { method: request.method, headers: { ...request.headers }, agent: wire.agent });
    const timer = setTimeout(() => fail('timeout', `no complete response within ${timeoutMs} ms`), timeoutMs);

    // A kept-alive socket outlives its exchange: its listeners go with the exchange, or each would
    // hold this exchange's whole state (request, answer, body) for as long as the socket lives.
    let detach: (() => void) | undefined;
    req.on('socket', (socket: Socket) => {
      reused = !socket.connecting;
      if (!socket.connecting) {
        connectedAt = performance.now();
        return;
      }
      const onConnect = (): void => {
        connectedAt = performance.now();
      };
      const onSecureConnect = (): void => {
        secureAt = performance.now();
      };
      socket.once('connect', onConnect);
      if (socket instanceof TLSSocket) socket.once('secureConnect', onSecureConnect);
      detach = () => {
        socket.off('connect', onConnect);
        socket.off('secureConnect', onSecureConnect);
      };
    });
    req.on('finish', () => {
      writtenAt = performance.now();
    });
    req.on('error', (error) => fail('network_error', networkError(error, url)));
    req.on('response', (res) => {
      firstByteAt = performance.now();
      if (res.socket instanceof TLSSocket) certNotAfter = earliestNotAfter(res.socket);
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
        detach?.();
        const phaseTimings = timings(performance.now());
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const response: ObservedResponse = {
          httpStatus: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          rawBody,
          body: parseJson(rawBody),
          durationMs: phaseTimings.total * 1000,
        };
        resolve({ kind: 'response', response, timings: phaseTimings, startedAt, ...withCert() });
      });
    });
    req.end(request.body);
  });
}

import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

function dechunk(data: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) return out;
    const size = Number.parseInt(data.slice(at, eol), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += data.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** Parses the final HTTP/1.1 response of a raw byte string (after any `100 Continue`); undefined when there is none. */
export function parseRawAnswer(raw: string): RawAnswer | undefined {
  let text = raw;
  while (/^HTTP\/1\.1 1\d\d /.test(text) && text.includes('\r\n\r\n')) text = text.slice(text.indexOf('\r\n\r\n') + 4);
  const match = /^HTTP\/1\.1 (\d{3})[^\r\n]*\r\n/.exec(text);
  const end = text.indexOf('\r\n\r\n');
  if (match === null || end < 0) return undefined;
  const headers = new Map<string, string>();
  for (const line of text.slice(match[0].length, end).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const rest = text.slice(end + 4);
  const length = headers.get('content-length');
  const body = headers.get('transfer-encoding') === 'chunked' ? dechunk(rest) : length === undefined ? rest : rest.slice(0, Number(length));
  return { status: Number(match[1]), headers, body };
}

/** Writes raw bytes, half-closes, and collects whatever comes back until the server closes (or `deadlineMs` pass). */
export function rawExchange(port: number, data: string | Buffer, deadlineMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, deadlineMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(data, () => socket.end());
  });
}

/** Why a body is not a GWS envelope, or undefined when it is one. */
export function envelopeProblem(contentType: string | undefined, body: string): string | undefined {
  if (contentType !== 'application/json; charset=utf-8') return `content-type ${String(contentType)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `body is not JSON: ${body.slice(0, 80)}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `body is not an object: ${body.slice(0, 80)}`;
  const record = parsed as Record<string, unknown>;
  const code = record['statusCode'];
  if (!Number.isInteger(code)) return `statusCode ${JSON.stringify(code)} is not an integer`;
  if (code === 0) return 'statusMessage' in record ? 'statusMessage on a success' : undefined;
  const keys = Object.keys(record).sort().join(',');
  if (keys !== 'statusCode,statusMessage') return `error keys ${keys}`;
  return typeof record['statusMessage'] === 'string' && record['statusMessage'] !== '' ? undefined : 'empty statusMessage';
}

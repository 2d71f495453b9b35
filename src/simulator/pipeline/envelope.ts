import type { Reply } from '../envelope.ts';
import { JSON_TYPE } from './fault-stage.ts';
import type { EnvelopeContext, SimulatorCore, WireAnswer } from './types.ts';

/** Serialises a reply with the GWS headers: JSON, no caching, the CSRF pair on GETs, the session cookie. */
export function envelope(reply: Reply, context: EnvelopeContext, core: SimulatorCore): WireAnswer {
  const text = JSON.stringify(reply.body);
  const headers: Record<string, string> = {
    'Content-Type': reply.contentType ?? JSON_TYPE,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, no-store',
    ...reply.headers,
  };
  let { session, newSession } = context;
  if (core.options.csrf && context.api && context.method === 'GET') {
    if (session === undefined) {
      session = core.sessions.create(null);
      newSession = true;
    }
    // Every GET hands out the header name and the session's token [src: CSRFAPI].
    headers['X-CSRF-HEADER'] = 'X-CSRF-TOKEN';
    headers['X-CSRF-TOKEN'] = session.csrfToken;
  }
  if (newSession && session !== undefined) headers['Set-Cookie'] = `JSESSIONID=${session.id}; Path=/; HttpOnly`;
  const status = core.options.errorHttpStatus === 'always-200' && context.api ? 200 : reply.httpStatus;
  return { status, headers, body: text };
}

import { STATUS_CODES } from 'node:http';
import type { ReportedExchange, ReportedRequest } from './types.ts';

/** `name: value` lines, in the order received. */
export function headersText(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** A request as it went over the wire: the request line, the headers, then a blank line and the body if it had one. */
export function requestText(request: ReportedRequest): string {
  const headers = headersText(request.headers);
  return [`${request.method} ${request.url}`, ...(headers !== '' ? [headers] : []), ...(request.body !== null ? ['', request.body] : [])].join('\n');
}

/** How much of a longer body is shown (`first 16384 of 40000 bytes`), or undefined when it is whole. */
export function bodyCutText(exchange: Pick<ReportedExchange, 'bodyTruncated'>): string | undefined {
  const cut = exchange.bodyTruncated;
  return cut === undefined ? undefined : `first ${cut.shownBytes} of ${cut.totalBytes} bytes`;
}

/** JSON indented, text as it came; nothing for no body. */
function bodyText(body: unknown): string {
  if (body === null || body === undefined || body === '') return '';
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}

/**
 * The answer as text: the status line (`HTTP 200 OK`), the headers (or the content type where
 * no headers were recorded), a blank line and the body, then whether the body was cut.
 */
export function responseText(exchange: ReportedExchange): string {
  if (exchange.httpStatus === null) return `no response after ${Math.round(exchange.latencyMs)} ms`;
  const reason = STATUS_CODES[exchange.httpStatus];
  const lines = [`HTTP ${exchange.httpStatus}${reason !== undefined ? ` ${reason}` : ''}`];
  const headers = exchange.responseHeaders ?? (exchange.contentType !== null ? { 'content-type': exchange.contentType } : {});
  if (Object.keys(headers).length > 0) lines.push(headersText(headers));
  const body = bodyText(exchange.body);
  if (body !== '') lines.push('', body);
  const cut = bodyCutText(exchange);
  if (cut !== undefined) lines.push(`[body cut: ${cut}]`);
  return lines.join('\n');
}

/**
 * One request and its answer as plain text, as a terminal or a `text/plain` page shows them: the
 * request as sent (or its method and path where the request was not recorded), then the response.
 */
export function exchangeText(exchange: ReportedExchange): string {
  const request = exchange.request !== undefined ? requestText(exchange.request) : `${exchange.method} ${exchange.path}`;
  return `Request\n${request}\n\nResponse\n${responseText(exchange)}`;
}

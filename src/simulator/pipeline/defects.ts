import type { Reply } from '../envelope.ts';
import type { DefectMode } from '../types.ts';

/** The envelope-level defects of an API reply: extra error attributes, statusMessage on success, string codes, text/plain. */
export function rewriteDefects(reply: Reply, defects: ReadonlySet<DefectMode>): Reply {
  if (defects.size === 0) return reply;
  const body = { ...reply.body };
  const code = body['statusCode'];
  if (code !== 0 && defects.has('error-extra-attributes')) body['details'] = 'Additional error details';
  if (code === 0 && defects.has('status-message-on-success')) body['statusMessage'] = 'OK';
  if (defects.has('status-code-string')) body['statusCode'] = String(code);
  return { ...reply, body, ...(defects.has('text-content-type') ? { contentType: 'text/plain; charset=utf-8' } : {}) };
}

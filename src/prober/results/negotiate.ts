/** The q of each media range an Accept header lists, by its lower-case type. */
function qualities(accept: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type === '') continue;
    const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)?.[1]).find((v) => v !== undefined);
    const value = q === undefined ? 1 : Number(q);
    out.set(type, Math.max(out.get(type) ?? 0, Number.isFinite(value) ? value : 0));
  }
  return out;
}

/**
 * True when the request asks for JSON by name (`Accept: application/json`) at least as much as
 * for HTML by name. A browser's `*\/*` and curl's default ask for neither by name and get HTML.
 */
export function wantsJson(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const q = qualities(accept);
  const json = q.get('application/json') ?? 0;
  return json > 0 && json >= (q.get('text/html') ?? 0);
}

// Request bodies of interaction operations (calls, chats, and the media after them), checked the
// way the project decided where the docs are silent: a missing operationName or required parameter
// → 1 ("a required parameter is missing"); an unknown operationName → 2 ("not valid for the current
// state"); a value of the wrong shape → 10 ("input validation error") [src: RV852 table; gws-api
// decisions table].

/** The HTTP answer of an operation: the ack, or the error envelope [src: RV852]. */
export type Outcome = { readonly statusCode: 0 } | { readonly statusCode: number; readonly statusMessage: string };

export type UserData = Readonly<Record<string, unknown>>;

export type Body = Readonly<Record<string, unknown>>;

export type Parsed<T> = { readonly ok: true; readonly command: T } | { readonly ok: false; readonly outcome: Outcome };

export function refuse(statusCode: number, statusMessage: string): { readonly ok: false; readonly outcome: Outcome } {
  return { ok: false, outcome: { statusCode, statusMessage } };
}

export function accept<T>(command: T): { readonly ok: true; readonly command: T } {
  return { ok: true, command };
}

export function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The operationName of a body, one of `known`. */
export function operationName<T extends string>(body: unknown, known: readonly T[]): Parsed<{ body: Body; name: T }> {
  if (!isBody(body) || body['operationName'] === undefined) return refuse(1, 'operationName is missing');
  const name = body['operationName'];
  const found = known.find((k) => k === name);
  if (found === undefined) return refuse(2, `unknown operationName ${JSON.stringify(name)} (expected one of ${known.join(', ')})`);
  return accept({ body, name: found });
}

/** userData as key/value pairs or a list of {key, type, value} [src: AttachUserData, UpdateUserData, ChatAttachUserData 8.5.2]. */
export function userDataOf(value: unknown): Parsed<UserData> {
  if (isBody(value)) return accept({ ...value });
  if (Array.isArray(value)) {
    const pairs: Record<string, unknown> = {};
    for (const item of value as unknown[]) {
      if (!isBody(item) || typeof item['key'] !== 'string' || item['key'] === '') {
        return refuse(10, `userData item ${JSON.stringify(item)} is not {"key", "type", "value"}`);
      }
      pairs[item['key']] = item['value'];
    }
    return accept(pairs);
  }
  return refuse(10, `userData ${JSON.stringify(value)} is not an object of key/value pairs or a list of {key, type, value}`);
}

/** A required non-empty string parameter. */
export function requiredText(body: Body, name: string): Parsed<string> {
  const value = body[name];
  if (value === undefined) return refuse(1, `${name} is missing`);
  return typeof value === 'string' && value !== '' ? accept(value) : refuse(10, `${name} ${JSON.stringify(value)} is not a non-empty string`);
}

/** An optional string parameter; `allowed` narrows it to a documented list. */
export function optionalText(body: Body, name: string, allowed?: readonly string[]): Parsed<string | undefined> {
  const value = body[name];
  if (value === undefined) return accept(undefined);
  if (typeof value !== 'string' || value === '') return refuse(10, `${name} ${JSON.stringify(value)} is not a non-empty string`);
  if (allowed !== undefined && !allowed.includes(value)) return refuse(10, `${name} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  return accept(value);
}

/** An optional boolean parameter (`saveLAR`: "true or false" [src: ChatAccept 8.5.2DRAFT, ChatComplete]). */
export function optionalFlag(body: Body, name: string): Parsed<boolean | undefined> {
  const value = body[name];
  if (value === undefined || typeof value === 'boolean') return accept(value);
  return value === 'true' || value === 'false' ? accept(value === 'true') : refuse(10, `${name} ${JSON.stringify(value)} is not true or false`);
}

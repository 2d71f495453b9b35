/** What both description documents say about themselves: title lines, version, licence, server. */
import { readFileSync } from 'node:fs';
import { docLinks } from '../contracts/index.ts';

/** The API root of `gwscheck simulate` with its defaults: a server every reader can start. */
export const DEFAULT_SERVER_URL = 'http://localhost:8090/api/v2';

export interface DescribeOptions {
  /** The API root the document names as its server (default: the simulator's, DEFAULT_SERVER_URL). */
  readonly serverUrl?: string;
  /** Directory of the schema files (default: the repository's `schemas/`). */
  readonly schemasDir?: string;
}

interface PackageFacts {
  readonly version: string;
  readonly license: string;
}

/** src/openapi/ and dist/openapi/ both sit two levels below the package root. */
function packageFacts(): PackageFacts {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return {
    version: typeof manifest['version'] === 'string' ? manifest['version'] : '0.0.0',
    license: typeof manifest['license'] === 'string' ? manifest['license'] : 'UNLICENSED',
  };
}

/**
 * The `info` object: the document describes GWS 8.5 as the contracts hold it, versioned with
 * gwscheck. OpenAPI 3.1 names a licence by its SPDX identifier; AsyncAPI 3.0 has no such field.
 */
export function documentInfo(title: string, description: string, spdx: boolean): Record<string, unknown> {
  const facts = packageFacts();
  return {
    title,
    version: facts.version,
    description,
    license: { name: facts.license, ...(spdx ? { identifier: facts.license } : {}) },
  };
}

/** The first documentation page a bracketed tag list names, as an `externalDocs` object. */
export function externalDocs(text: string): { url: string; description: string } | undefined {
  const [first] = docLinks(text);
  return first === undefined ? undefined : { url: first.url, description: `GWS documentation: ${first.tag}` };
}

/** `http://host:8090/api/v2` → its host and path, as AsyncAPI servers name them. */
export function serverParts(serverUrl: string): { readonly protocol: string; readonly host: string; readonly pathname: string } {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw new Error(`server URL "${serverUrl}" is not an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`server URL "${serverUrl}" is not an absolute http(s) URL`);
  return { protocol: url.protocol.slice(0, -1), host: url.host, pathname: url.pathname.replace(/\/$/, '') };
}

export const BASIC_AUTH_DESCRIPTION =
  'Basic credentials of a GWS user, sent as ISO-8859-1; an empty password is allowed. A request with them starts a session whose JSESSIONID cookie later requests may send instead [MAR, CSRFAPI].';
export const SESSION_COOKIE_DESCRIPTION =
  'The JSESSIONID cookie of a session started with Basic credentials. When the server protects against CSRF, POST, PUT and DELETE also send the X-CSRF-TOKEN header that any answer of the session hands out [CSRFAPI].';

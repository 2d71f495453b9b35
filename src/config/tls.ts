import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError, Problems } from './errors.ts';

/** TLS settings of one target, the PEM files already read (as the client takes them). */
export interface TlsSettings {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly insecureSkipVerify: boolean;
  readonly serverName?: string;
}

/** File paths and switches as a config file or the command line gives them. */
export interface RawTls {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly insecureSkipVerify?: boolean;
  readonly serverName?: string;
}

/** How each setting is named where it came from: config keys (`targets[0].tls.ca`) or flags (`--tls-ca`). */
export type TlsKeyNames = Readonly<Record<keyof RawTls, string>>;

export const TLS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'TLS settings: {ca, cert, key, insecureSkipVerify, serverName}',
  properties: {
    ca: { type: 'string', minLength: 1, description: 'the path of a PEM file of CA certificates to trust' },
    cert: { type: 'string', minLength: 1, description: 'the path of a PEM client certificate' },
    key: { type: 'string', minLength: 1, description: 'the path of the PEM key of that certificate' },
    insecureSkipVerify: { type: 'boolean' },
    serverName: { type: 'string', minLength: 1, description: 'the host name the certificate must carry' },
  },
} as const;

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/** A PEM file, read now: a missing, unreadable or non-PEM file is a ConfigError naming `key` and the path. */
export function readPemFile(path: string, key: string, expected: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${key} "${path}" cannot be read (${code}); expected a PEM file holding ${expected}`);
  }
  if (!PEM.test(text)) throw new ConfigError(`${key} "${path}" holds no PEM block; expected a PEM file holding ${expected}`);
  return text;
}

/** A host name as SNI carries it: RFC 6066 allows no IP address there. */
function checkServerName(name: string, key: string): string {
  if (isIP(name) !== 0 || !/^[A-Za-z0-9*]([A-Za-z0-9.-]{0,252})$/.test(name)) {
    throw new ConfigError(`${key} "${name}" is not a host name (expected e.g. gws.example.com; an IP address cannot be sent as SNI)`);
  }
  return name;
}

/**
 * Reads the files `raw` names and checks the pairs; every problem is recorded in `problems`, one
 * line naming the key (after `where`, e.g. `config f.yaml: `) and the path. Undefined when nothing is set.
 */
export function loadTls(raw: RawTls | undefined, names: TlsKeyNames, problems: Problems, where = ''): TlsSettings | undefined {
  if (raw === undefined || Object.values(raw).every((v) => v === undefined || v === false)) return undefined;
  const file = (field: 'ca' | 'cert' | 'key', expected: string): string | undefined => {
    const path = raw[field];
    return path === undefined ? undefined : problems.check(() => readPemFile(path, `${where}${names[field]}`, expected));
  };
  const ca = file('ca', 'the CA certificates to trust');
  const cert = file('cert', 'a client certificate');
  const key = file('key', 'the private key of the client certificate');
  if ((raw.cert === undefined) !== (raw.key === undefined)) {
    problems.add(`${where}${raw.cert === undefined ? names.key : names.cert} is set but ${raw.cert === undefined ? names.cert : names.key} is not (expected a client certificate and its key, or neither)`);
  }
  if (raw.insecureSkipVerify === true && raw.ca !== undefined) {
    problems.add(`${where}${names.insecureSkipVerify} and ${names.ca} are both set (expected one: a CA to verify with, or no verification)`);
  }
  const serverName = raw.serverName === undefined ? undefined : problems.check(() => checkServerName(raw.serverName ?? '', `${where}${names.serverName}`));
  return Object.freeze({
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    insecureSkipVerify: raw.insecureSkipVerify === true,
    ...(serverName !== undefined ? { serverName } : {}),
  });
}

/** The key names of a config file's `tls` block at `block` (e.g. `targets[0].tls`). */
export function tlsKeys(block: string): TlsKeyNames {
  return { ca: `${block}.ca`, cert: `${block}.cert`, key: `${block}.key`, insecureSkipVerify: `${block}.insecureSkipVerify`, serverName: `${block}.serverName` };
}

export const TLS_FLAGS: TlsKeyNames = {
  ca: '--tls-ca',
  cert: '--tls-cert',
  key: '--tls-key',
  insecureSkipVerify: '--tls-insecure-skip-verify',
  serverName: '--tls-server-name',
};

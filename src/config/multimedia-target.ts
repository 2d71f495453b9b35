import { ConfigError, type Problems } from './errors.ts';

/** What the chat, email and open-media contracts need of a real server, each optional. */
export interface MultimediaTarget {
  /** The Customer Chat API's ContactCenterId header [src: CustomerChatRequestChat]. */
  readonly contactCenterId?: string;
  /** The queue outbound emails and open-media items are created in [src: EmailCreate 8.5.2, OpenMediaAPICreate 8.5.2]. */
  readonly queueUri?: string;
  /** A media type the server is configured with for open media [src: OpenMediaAPICreate 8.5.2]. */
  readonly openmediaType?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** One setting: its flag, its variable, what a valid value looks like, and why it needs a base URL. */
const SETTINGS: readonly {
  readonly key: keyof MultimediaTarget;
  readonly flag: string;
  readonly env: string;
  readonly valid: RegExp;
  readonly expected: string;
  readonly needsServer: string;
}[] = [
  {
    key: 'contactCenterId', flag: '--contact-center-id', env: 'GWS_CONTACT_CENTER_ID', valid: /^[\x21-\x7e]{1,200}$/,
    expected: 'is not a contact center id (expected up to 200 visible characters, e.g. cfe5ad67-ba6d-4340-81f9-bb680ef5d498)',
    needsServer: 'the API root of the contact center it names',
  },
  {
    key: 'queueUri', flag: '--queue-uri', env: 'GWS_QUEUE_URI', valid: /^https?:\/\/[^\s/]+\/\S*$/,
    expected: 'is not an absolute http(s) URI (expected a queue\'s URI, e.g. http://host:8080/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d)',
    needsServer: 'the API root of the server it is configured on',
  },
  {
    key: 'openmediaType', flag: '--openmedia-type', env: 'GWS_OPENMEDIA_TYPE', valid: /^[A-Za-z][A-Za-z0-9_-]{0,99}$/,
    expected: 'is not a media type name (expected a letter, then letters, digits, _ or -, e.g. workitem)',
    needsServer: 'the API root of the server it is configured on',
  },
];

const given = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** Without a base URL none of these may be set: each names a server the embedded simulator is not. */
export function refuseMultimediaWithoutServer(flags: MultimediaTarget, env: Env): void {
  for (const s of SETTINGS) {
    const source = flags[s.key] !== undefined ? s.flag : given(env[s.env]) !== undefined ? s.env : undefined;
    if (source !== undefined) throw new ConfigError(`${source} is set but GWS_BASE_URL is not (expected ${s.needsServer}; the embedded simulator needs none)`);
  }
}

/** The settings from flags (which win) and environment; a malformed one is a problem naming it. */
export function loadMultimediaTarget(flags: MultimediaTarget, env: Env, problems: Problems): MultimediaTarget {
  const out: Record<string, string> = {};
  for (const s of SETTINGS) {
    const value = flags[s.key] ?? given(env[s.env]);
    if (value === undefined) continue;
    if (!s.valid.test(value)) problems.add(`${flags[s.key] !== undefined ? s.flag : s.env} "${value}" ${s.expected}`);
    else out[s.key] = value;
  }
  return out;
}

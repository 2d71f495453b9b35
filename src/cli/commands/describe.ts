/** What `gwscheck openapi` and `gwscheck asyncapi` share: flags, format, where the document goes. */
import { writeFileSync } from 'node:fs';
import { ConfigError, Problems } from '../../config/index.ts';
import { DEFAULT_SERVER_URL, DOCUMENT_FORMATS, formatOfFile, serializeDocument, type DescribeOptions, type DocumentFormat } from '../../openapi/index.ts';
import { parseCommandLine } from '../args.ts';
import { EXIT, UsageError } from '../exit-codes.ts';

export interface DescribeCommand {
  readonly name: 'openapi' | 'asyncapi';
  /** The document, e.g. "the OpenAPI 3.1 document of the REST API". */
  readonly what: string;
  /** Lines of help about what the document holds. */
  readonly holds: string;
  readonly build: (options: DescribeOptions) => unknown;
}

function help(command: DescribeCommand): string {
  return `Usage: gwscheck ${command.name} [options]

Writes ${command.what}, generated from gwscheck's contract catalog and
JSON Schemas (schemas/): a change to a schema or a catalog entry shows in the next document.
${command.holds}

Options:
  --out FILE             write the document to FILE (its directory must exist); default: stdout
  --format json|yaml     the document's format; default: from the extension of --out (.json, .yaml,
                         .yml), else json
  --server-url URL       the API root the document names as its server, e.g.
                         https://gws.example.com/api/v2 (default ${DEFAULT_SERVER_URL}, the API root
                         of \`gwscheck simulate\`)
  --debug                print the stack of an internal error
  -h, --help             this text

Exit codes: 0 written, 2 usage error (one line naming the bad value), 4 internal error.`;
}

interface Parsed {
  readonly out?: string;
  readonly format: DocumentFormat;
  readonly serverUrl: string;
}

function serverUrlOf(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
    throw new ConfigError(`--server-url "${value}" is not an absolute http or https URL (expected e.g. https://gws.example.com/api/v2)`);
  }
  return value.replace(/\/+$/, '');
}

function formatOf(flag: string | undefined, out: string | undefined): DocumentFormat {
  if (flag !== undefined) {
    if (!(DOCUMENT_FORMATS as readonly string[]).includes(flag)) throw new ConfigError(`--format "${flag}" must be ${DOCUMENT_FORMATS.join(' or ')}`);
    return flag as DocumentFormat;
  }
  if (out === undefined) return 'json';
  const inferred = formatOfFile(out);
  if (inferred === undefined) throw new ConfigError(`--out "${out}" names no format by its extension (expected .json, .yaml or .yml, or --format json|yaml)`);
  return inferred;
}

function parse(command: DescribeCommand, args: readonly string[]): Parsed | 'help' {
  const v = parseCommandLine(command.name, args, {
    out: { type: 'string' },
    format: { type: 'string' },
    'server-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help === true) return 'help';
  if (v.out === '') throw new UsageError('--out needs a file name');
  const problems = new Problems();
  const format = problems.check(() => formatOf(v.format, v.out));
  const serverUrl = problems.check(() => (v['server-url'] === undefined ? DEFAULT_SERVER_URL : serverUrlOf(v['server-url'])));
  problems.throwIfAny();
  return { ...(v.out === undefined ? {} : { out: v.out }), format: format ?? 'json', serverUrl: serverUrl ?? DEFAULT_SERVER_URL };
}

/** Parses the flags, builds the document and writes it where --out says (stdout without it). */
export function runDescribe(command: DescribeCommand, args: readonly string[]): number {
  const parsed = parse(command, args);
  if (parsed === 'help') {
    console.log(help(command));
    return EXIT.ok;
  }
  const text = serializeDocument(command.build({ serverUrl: parsed.serverUrl }), parsed.format);
  if (parsed.out === undefined) {
    process.stdout.write(text);
    return EXIT.ok;
  }
  try {
    writeFileSync(parsed.out, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`cannot write --out "${parsed.out}" (${code}); expected a file in an existing directory that gwscheck may write`);
  }
  console.error(`gwscheck ${command.name}: wrote ${parsed.out} (${parsed.format})`);
  return EXIT.ok;
}

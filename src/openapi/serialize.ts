import { stringify } from 'yaml';

export const DOCUMENT_FORMATS = ['json', 'yaml'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** The format a file's extension names (`.json`, `.yaml`, `.yml`), or undefined. */
export function formatOfFile(file: string): DocumentFormat | undefined {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  return undefined;
}

/**
 * The document as text, ending in a newline. YAML repeats a shared value instead of an anchor and
 * alias, and never folds a long line: some readers of description documents handle neither.
 */
export function serializeDocument(document: unknown, format: DocumentFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}

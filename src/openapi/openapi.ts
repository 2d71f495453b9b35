/** The OpenAPI 3.1 document of the catalog: every operation, its schemas as components, examples. */
import type { Operation } from '../contracts/index.ts';
import { contractSources } from '../contracts/description.ts';
import { componentName, FIELD_LIST_SUFFIX, localSchema, localSchemaNode, reachableIds, resourceHolders } from './component-schemas.ts';
import { BASIC_AUTH_DESCRIPTION, DEFAULT_SERVER_URL, documentInfo, externalDocs, serverParts, SESSION_COOKIE_DESCRIPTION, type DescribeOptions } from './document-info.ts';
import { Conditions } from './conditions.ts';
import { ExampleMaker } from './example.ts';
import { openApiOperation, SCHEMA_REFS, type OperationContext } from './operation.ts';

const literal = (segment: string): boolean => segment !== '' && !segment.startsWith('{');

/**
 * The resources of the catalog: the path segments a `{param}` follows somewhere (devices, users,
 * skills, calls, channels). An operation belongs to the last of them in its path, or else to its
 * first segment (`/me`, `/diagnostics/version`).
 */
function resourceOf(operation: Operation, resources: ReadonlySet<string>): string {
  const segments = operation.path.split('/').filter(literal);
  return segments.filter((s) => resources.has(s)).pop() ?? segments[0] ?? 'root';
}

function resourceNames(catalog: readonly Operation[]): Set<string> {
  const names = new Set<string>();
  for (const { path } of catalog) {
    const segments = path.split('/');
    segments.forEach((segment, i) => {
      if (literal(segment) && segments[i + 1]?.startsWith('{') === true) names.add(segment);
    });
  }
  return names;
}

/** The components `root` refers to, directly or through other components: the others are left out. */
function usedComponents(root: unknown, schemas: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REFS)) {
        const name = value.slice(SCHEMA_REFS.length).split('/')[0] ?? '';
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else {
        visit(value);
      }
    }
  };
  visit(root);
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
}

/** The OpenAPI 3.1 document of the contracts in `options.schemasDir` (default: the repository's). */
export function openApiDocument(options: DescribeOptions = {}): Record<string, unknown> {
  const serverUrl = options.serverUrl ?? DEFAULT_SERVER_URL;
  serverParts(serverUrl);
  const sources = contractSources(options.schemasDir === undefined ? {} : { schemasDir: options.schemasDir });
  const context: OperationContext = {
    files: sources.schemas,
    examples: new ExampleMaker({ files: sources.schemas, serverUrl }),
    conditions: new Conditions(),
    resourceHolders: resourceHolders(sources.schemas),
    isValid: (id, value) => sources.validate(id, value).length === 0,
    extraSchemas: new Map(),
  };
  const resources = resourceNames(sources.catalog);
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, string[]>();
  for (const operation of sources.catalog) {
    const resource = resourceOf(operation, resources);
    tags.set(resource, [...(tags.get(resource) ?? []), `${operation.method} ${operation.path}`]);
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = openApiOperation(operation, resource, context);
  }
  const roots = sources.catalog.flatMap((op) => [op.responseSchema, ...(op.requestSchema === undefined ? [] : [op.requestSchema])]);
  const schemas: Record<string, unknown> = {};
  for (const id of reachableIds(sources.schemas, roots).sort()) {
    schemas[componentName(id)] = localSchema(sources.schemas, id, SCHEMA_REFS);
    const schema = sources.schemas.get(id);
    if (schema !== undefined && context.resourceHolders.has(id)) {
      schemas[`${componentName(id)}${FIELD_LIST_SUFFIX}`] = localSchemaNode(sources.schemas, schema, id, SCHEMA_REFS, context.resourceHolders);
    }
  }
  for (const [name, schema] of context.extraSchemas) schemas[name] = schema;
  return {
    openapi: '3.1.0',
    info: documentInfo(
      'Genesys Web Services REST API v2 (GWS 8.5)',
      'The GWS 8.5 REST API as gwscheck\'s contracts hold it, generated from its operation catalog and JSON Schemas. Every answer is a JSON envelope whose statusCode says what happened; the HTTP status beside it is the one the contracts expect. Operations answer at once and report their outcome later as CometD notifications, described in the AsyncAPI document of the same catalog.',
      true,
    ),
    externalDocs: externalDocs('[MAR]'),
    servers: [{ url: serverUrl, description: serverUrl === DEFAULT_SERVER_URL ? 'the API root of `gwscheck simulate`' : 'the API root' }],
    security: [{ basicAuth: [] }, { sessionCookie: [] }],
    tags: [...tags].map(([name, operations]) => ({ name, description: `The ${name} resource: ${operations.join(', ')}.` })),
    paths,
    components: {
      schemas: usedComponents(paths, schemas),
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: BASIC_AUTH_DESCRIPTION },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'JSESSIONID', description: SESSION_COOKIE_DESCRIPTION },
      },
    },
  };
}

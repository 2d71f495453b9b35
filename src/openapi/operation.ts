/** One catalog entry as an OpenAPI operation: parameters, request body, responses per HTTP status. */
import { docLinks, type Operation } from '../contracts/index.ts';
import { httpStatusesFor } from '../contracts/description.ts';
import { componentName, FIELD_LIST_SUFFIX, type SchemaFiles } from './component-schemas.ts';
import type { Conditions } from './conditions.ts';
import { externalDocs } from './document-info.ts';
import type { ExampleMaker } from './example.ts';
import { requestVariants } from './request-variants.ts';
import { shapeFor } from './response-shapes.ts';

export const SCHEMA_REFS = '#/components/schemas/';

/** What building operations needs, and what it adds to the document's components. */
export interface OperationContext {
  readonly files: SchemaFiles;
  readonly examples: ExampleMaker;
  readonly conditions: Conditions;
  /** Checks an example against a schema file; only examples with no violation are written. */
  readonly isValid: (schemaId: string, value: unknown) => boolean;
  /** The schema files that hold a resource object: their field-list variants are components too. */
  readonly resourceHolders: ReadonlySet<string>;
  /** Components besides the schema files (operationName variants, answer shapes), filled while building. */
  readonly extraSchemas: Map<string, Record<string, unknown>>;
}

const ref = (id: string): { $ref: string } => ({ $ref: `${SCHEMA_REFS}${componentName(id)}` });

/** The catalog summary without its source tags: `one user [USERRES]` → `one user`. */
function plainSummary(summary: string): string {
  const plain = summary.replace(/\s*\[[^\]]*\]/g, '').trim();
  return plain === '' ? summary : plain;
}

function pathParameters(operation: Operation): Record<string, unknown>[] {
  return [...operation.path.matchAll(/\{([^}]+)\}/g)].map(([, name = '']) => {
    const source = operation.paramSources?.[name];
    const fixed = operation.example.params?.[name];
    const found = source === undefined ? '' : ` On a live server the contracts take it from ${source.operation}, ${source.take === 'value' ? 'the value' : 'the last path segment of the URI'} at ${source.pointer}.`;
    return {
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', minLength: 1 },
      description: `The ${name} of the resource addressed.${found}`,
      ...(fixed === undefined ? {} : { example: fixed }),
    };
  });
}

function queryParameters(operation: Operation): Record<string, unknown>[] {
  return Object.entries(operation.example.query ?? {}).map(([name, value]) => ({
    name,
    in: 'query',
    required: false,
    schema: { type: 'string' },
    description: `Sent by the catalog's example request as ${name}=${value}.`,
    example: value,
  }));
}

/** Headers the operation requires besides credentials, as the catalog's example sends them (ContactCenterId). */
function headerParameters(operation: Operation): Record<string, unknown>[] {
  return Object.entries(operation.example.headers ?? {}).map(([name, value]) => ({
    name,
    in: 'header',
    required: true,
    schema: { type: 'string', minLength: 1 },
    description: `Required besides credentials; the catalog's example sends ${name}: ${value}.`,
    example: value,
  }));
}

function requestBody(operation: Operation, context: OperationContext): Record<string, unknown> | undefined {
  const id = operation.requestSchema;
  if (id === undefined) return undefined;
  const schema = context.files.get(id);
  if (schema === undefined) throw new Error(`catalog operation ${operation.id}: no schema ${id}`);
  const variants = requestVariants(schema);
  const base = componentName(id);
  const catalogExample = operation.example.body as { operationName?: unknown } | undefined;
  const examples: Record<string, { summary: string; value: unknown }> = {};
  for (const { operationName, requires } of variants) {
    if (variants.length > 1) {
      context.extraSchemas.set(`${base}.${operationName}`, {
        title: `${operationName} request`,
        type: 'object',
        allOf: [ref(id)],
        required: ['operationName', ...requires],
        properties: { operationName: { const: operationName } },
      });
    }
    const fromCatalog = catalogExample?.operationName === operationName ? catalogExample : undefined;
    const value = fromCatalog ?? context.examples.example(id, { properties: { operationName: { const: operationName } } });
    if (value !== undefined && context.isValid(id, value)) {
      examples[operationName] = { summary: fromCatalog === undefined ? `${operationName}, made from the schema` : `${operationName}, the catalog's example`, value };
    }
  }
  const mediaSchema = variants.length > 1
    ? {
        oneOf: variants.map((v) => ({ $ref: `${SCHEMA_REFS}${base}.${v.operationName}` })),
        discriminator: { propertyName: 'operationName', mapping: Object.fromEntries(variants.map((v) => [v.operationName, `${SCHEMA_REFS}${base}.${v.operationName}`])) },
      }
    : ref(id);
  return { required: true, content: { 'application/json': { schema: mediaSchema, examples } } };
}

/** statusCodes grouped by the HTTP status that accompanies them; `default` for those with none. */
function statusGroups(operation: Operation): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const code of operation.statusCodes) {
    for (const status of httpStatusesFor(code)?.map(String) ?? ['default']) groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => (a === 'default' ? 1 : b === 'default' ? -1 : Number(a) - Number(b))));
}

/** Whether the operation takes a field list (`fields`), which may leave attributes of resources out. */
function takesFieldList(operation: Operation, context: OperationContext): boolean {
  return operation.example.query?.['fields'] !== undefined && context.resourceHolders.has(operation.responseSchema);
}

/**
 * The response schema of one HTTP status: the operation's schema (the contract, exactly), narrowed
 * to the statusCodes that come with that status, beside the shape each of them takes. An operation
 * that takes a field list answers it with resources that carry only the attributes asked for: the
 * same schema with their required attributes dropped (as `judge()` reads a field list) is the
 * alternative.
 */
function responseSchema(operation: Operation, codes: readonly number[], context: OperationContext): Record<string, unknown> {
  const narrowing = codes.length === operation.statusCodes.length ? {} : { properties: { statusCode: { enum: codes } } };
  const build = (fieldList: ReadonlySet<string> | undefined): Record<string, unknown> => {
    const contract = { $ref: `${SCHEMA_REFS}${componentName(operation.responseSchema)}${fieldList === undefined ? '' : FIELD_LIST_SUFFIX}` };
    const shapes = new Map<string, { $ref: string }>();
    for (const code of codes) {
      const options = { files: context.files, conditions: context.conditions, prefix: SCHEMA_REFS, components: context.extraSchemas, ...(fieldList === undefined ? {} : { fieldList }) };
      const shape = shapeFor(operation.responseSchema, code, options);
      if (shape !== undefined) shapes.set(shape.$ref, shape);
    }
    if (shapes.size === 0) return contract;
    return { allOf: [contract, ...(shapes.size === 1 ? [...shapes.values()] : [{ anyOf: [...shapes.values()] }])] };
  };
  // The statusCodes go beside each `allOf`: generators read an `anyOf` with siblings as one more alternative.
  const narrowed = (schema: Record<string, unknown>): Record<string, unknown> =>
    Object.keys(narrowing).length === 0 ? schema : '$ref' in schema ? { allOf: [schema], ...narrowing } : { ...schema, ...narrowing };
  const full = narrowed(build(undefined));
  return codes.includes(0) && takesFieldList(operation, context) ? { anyOf: [full, narrowed(build(context.resourceHolders))] } : full;
}

function responses(operation: Operation, context: OperationContext): Record<string, unknown> {
  const returnValues = docLinks('[RV852]')[0]?.url ?? '';
  const out: Record<string, unknown> = {};
  for (const [status, codes] of statusGroups(operation)) {
    const examples: Record<string, { summary: string; value: unknown }> = {};
    for (const code of codes) {
      const value = context.examples.example(operation.responseSchema, { properties: { statusCode: { const: code } } });
      if (value !== undefined && context.isValid(operation.responseSchema, value)) examples[`statusCode${code}`] = { summary: `statusCode ${code}`, value };
    }
    const http = status === 'default' ? 'an HTTP status the contracts do not fix' : `HTTP ${status}`;
    out[status] = {
      description: codes.every((code) => code === 0)
        ? `Success: the GWS envelope with statusCode 0, answered with ${http}.`
        : `The GWS envelope with statusCode ${codes.join(', ')}${codes.includes(0) ? ' (0 is success)' : ''}, answered with ${http}. What each statusCode means: ${returnValues}.`,
      content: {
        'application/json': {
          schema: responseSchema(operation, codes, context),
          examples,
        },
      },
      'x-gwscheck-statusCodes': codes,
    };
  }
  return out;
}

function operationDescription(operation: Operation): string {
  const who = { none: 'No credentials are needed.', user: 'Sent as the agent.', admin: 'Needs a contact-center administrator.' }[operation.identity];
  const pages = docLinks(operation.summary).map((link) => `${link.tag}: ${link.url}`);
  return [
    `${plainSummary(operation.summary)}.`,
    who,
    operation.readOnly ? 'Reads only: safe to probe in production.' : 'Changes state: the answer only acknowledges it, the outcome arrives later (see the AsyncAPI document).',
    `Latency budget ${operation.latencyBudgetMs} ms.`,
    ...(pages.length > 0 ? [`Sources: ${pages.join('; ')}.`] : []),
  ].join(' ');
}

/** The OpenAPI operation object of one catalog entry, under the tag `resource`. */
export function openApiOperation(operation: Operation, resource: string, context: OperationContext): Record<string, unknown> {
  const parameters = [...pathParameters(operation), ...queryParameters(operation), ...headerParameters(operation)];
  const body = requestBody(operation, context);
  const docs = externalDocs(operation.summary);
  return {
    operationId: operation.id,
    summary: plainSummary(operation.summary),
    description: operationDescription(operation),
    tags: [resource],
    ...(docs === undefined ? {} : { externalDocs: docs }),
    security: operation.identity === 'none' ? [] : [{ basicAuth: [] }, { sessionCookie: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body === undefined ? {} : { requestBody: body }),
    responses: responses(operation, context),
    'x-gwscheck': {
      identity: operation.identity,
      readOnly: operation.readOnly,
      tags: operation.tags,
      statusCodes: operation.statusCodes,
      latencyBudgetMs: operation.latencyBudgetMs,
      ...(operation.paramSources === undefined ? {} : { paramSources: operation.paramSources }),
      ...(operation.memberOf === undefined ? {} : { memberOf: operation.memberOf }),
    },
  };
}

// openapi-typescript turns the OpenAPI document into types, and a small typed client written
// against them type-checks under `tsc --strict`: success shapes, error envelopes and each
// operationName's request body are types a compiler holds a caller to.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bin, runTool, writeDocuments } from './harness.ts';

const documents = writeDocuments('typescript');
afterAll(() => documents.remove());

/** `tsc -p` of one file, strict, with fetch from the DOM library and no @types of this repository. */
function typeCheck(file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const config = join(documents.dir, `${file}.tsconfig.json`);
  const compilerOptions = { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], allowImportingTsExtensions: true, types: [] };
  writeFileSync(config, JSON.stringify({ compilerOptions, files: [file] }));
  return runTool(bin('tsc'), ['-p', config], documents.dir);
}

/**
 * A client a user writes against the generated types. Each `@ts-expect-error` is a mistake the types
 * must refuse: were they too loose, tsc would report the directive as unused and the check fail.
 */
const CLIENT = `import type { components, paths } from './gws.ts';

type Body<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Schemas = components['schemas'];

export type Me = Body<paths['/me']['get']['responses'][200]>;
export type MyDevices = Body<paths['/me/devices']['get']['responses'][200]>;
export type Refused = Body<paths['/skills']['get']['responses'][403]>;
export type CallControl = NonNullable<paths['/me/calls/{id}']['post']['requestBody']>['content']['application/json'];

export function userName(me: Me): string {
  return me.user.userName;
}

export function deviceIds(answer: MyDevices): readonly string[] {
  return 'devices' in answer ? answer.devices.map((device) => device.id ?? '') : answer.uris;
}

export function refusal(answer: Refused): string {
  return \`statusCode \${answer.statusCode}: \${answer.statusMessage}\`;
}

export const hold: CallControl = { operationName: 'Hold' };
export const dtmf: Schemas['operations.post-me-calls-id.request.SendDtmf'] = { operationName: 'SendDtmf', digits: '123' };
export const dial: NonNullable<paths['/me/devices/{id}/calls']['post']['requestBody']>['content']['application/json'] = {
  operationName: 'Dial',
  destination: { phoneNumber: '15002' },
};

// @ts-expect-error SendDtmf needs its digits
export const noDigits: Schemas['operations.post-me-calls-id.request.SendDtmf'] = { operationName: 'SendDtmf' };
// @ts-expect-error no such operationName
export const teleport: CallControl = { operationName: 'Teleport' };
// @ts-expect-error a user's id is a string
export const wrongId: Me = { statusCode: 0, user: { id: 7 } };

export async function getMe(apiRoot: string, authorization: string): Promise<Me> {
  const answer = await fetch(\`\${apiRoot}/me\`, { headers: { authorization } });
  return (await answer.json()) as Me;
}
`;

describe('openapi-typescript', () => {
  test('generates types from the document; a typed client written against them passes tsc --strict', async () => {
    const types = join(documents.dir, 'gws.ts');
    const generated = await runTool(bin('openapi-typescript'), [documents.openapi, '--output', types], documents.dir);
    expect(generated.status, generated.stderr).toBe(0);
    expect(readFileSync(types, 'utf8')).toContain('"operations.post-me-calls-id.request.SendDtmf"');
    writeFileSync(join(documents.dir, 'client.ts'), CLIENT);
    const checked = await typeCheck('client.ts');
    expect(`${checked.stdout}${checked.stderr}`).toBe('');
    expect(checked.status).toBe(0);
  });
});

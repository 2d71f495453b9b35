import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURL_BIN } from '../tools.ts';
import { eventually, KSIPPO_ID, startSimulator, type Harness } from './harness.ts';

const run = promisify(execFile);
let h: Harness;
beforeAll(async () => {
  h = await startSimulator({ asyncDelayMs: 300 });
});
afterAll(async () => {
  await h.close();
});

async function curl(...args: string[]): Promise<{ status: number; contentType: string; body: string }> {
  const { stdout } = await run(CURL_BIN, ['-sS', '-w', '\n%{http_code} %{content_type}', ...args]);
  const cut = stdout.lastIndexOf('\n');
  const [status, ...type] = stdout.slice(cut + 1).split(' ');
  return { status: Number(status), contentType: type.join(' '), body: stdout.slice(0, cut) };
}

async function voiceStateViaCurl(): Promise<string> {
  const answer = await curl('-u', 'ksippo:', `${h.running.url}/me/channels/voice`);
  return (JSON.parse(answer.body) as { channel: { userState: { state: string } } }).channel.userState.state;
}

describe('the Making a Request page with the real curl binary', () => {
  it('curl URL/diagnostics/version answers a 4-part version without credentials', async () => {
    const a = await curl(`${h.running.url}/diagnostics/version`);
    expect(a.status).toBe(200);
    expect(a.contentType).toMatch(/^application\/json/);
    const body = JSON.parse(a.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['statusCode', 'version']);
    expect(body['statusCode']).toBe(0);
    expect(body['version']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('curl -u ksippo: URL/me answers the user', async () => {
    const a = await curl('-u', 'ksippo:', `${h.running.url}/me`);
    expect(a.status).toBe(200);
    const body = JSON.parse(a.body) as { statusCode: number; user: Record<string, unknown> };
    expect(Object.keys(body).sort()).toEqual(['statusCode', 'user']);
    expect(body.user).toMatchObject({ id: KSIPPO_ID, userName: 'ksippo', firstName: 'Kristi', lastName: 'Sippola', roles: ['ROLE_AGENT'] });
  });

  it('curl POST {"operationName":"NotReady"} answers exactly {"statusCode":0}; the state changes only afterwards', async () => {
    const voice = `${h.running.url}/me/channels/voice`;
    const post = (op: string): Promise<{ status: number; body: string }> =>
      curl('-u', 'ksippo:', '-X', 'POST', '-H', 'Content-Type: application/json', '-d', JSON.stringify({ operationName: op }), voice);
    expect((await post('Ready')).body).toBe('{"statusCode":0}');
    await eventually(async () => ((await voiceStateViaCurl()) === 'Ready' ? true : undefined), 5000, 'Ready');

    const notReady = await post('NotReady');
    expect(notReady.status).toBe(200);
    expect(notReady.body).toBe('{"statusCode":0}');
    expect(await voiceStateViaCurl()).toBe('Ready');
    await eventually(async () => ((await voiceStateViaCurl()) === 'NotReady' ? true : undefined), 5000, 'NotReady');
  });
});

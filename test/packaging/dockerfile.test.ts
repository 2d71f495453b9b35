import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../src/prober/index.ts';
import { freePort } from '../monitoring/prometheus-harness.ts';
import { flagValue, REPO_ROOT, unknownProbeFlags } from './deploy.ts';

const dockerfile = readFileSync(`${REPO_ROOT}Dockerfile`, 'utf8');
const dockerignore = readFileSync(`${REPO_ROOT}.dockerignore`, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

interface Instruction {
  readonly keyword: string;
  readonly rest: string;
  /** 0 for the first FROM's stage, 1 for the next, ... */
  readonly stage: number;
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  let stage = -1;
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword.toUpperCase(), rest: rest.join(' '), stage };
  });
}

/** The exec-form (JSON array) arguments of an instruction. */
function execForm(rest: string): string[] {
  const parsed = JSON.parse(rest) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new Error(`not an exec-form array: ${rest}`);
  return parsed;
}

const all = instructions(dockerfile);
const lastStage = Math.max(...all.map((i) => i.stage));
const final = all.filter((i) => i.stage === lastStage);
const one = (keyword: string): Instruction => {
  const found = final.filter((i) => i.keyword === keyword);
  expect(found, `one ${keyword} in the final stage`).toHaveLength(1);
  return found[0] as Instruction;
};

function runNode(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

describe('Dockerfile', () => {
  it('passes dockerfile-utils validate() without a single problem', () => {
    expect(validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${typeof d.message === 'string' ? d.message : d.message.value}`)).toEqual([]);
  });

  it('the linter does report problems (a Dockerfile with two CMDs and a bad port)', () => {
    expect(validate('FROM node:20\nCMD ["a"]\nCMD ["b"]\nEXPOSE abc\n').length).toBeGreaterThanOrEqual(2);
  });

  it('is multi-stage: dependencies are installed in a stage of their own and copied into the final one', () => {
    expect(lastStage).toBeGreaterThanOrEqual(1);
    expect(final.some((i) => i.keyword === 'COPY' && i.rest.startsWith('--from='))).toBe(true);
    expect(all.filter((i) => i.stage < lastStage && i.keyword === 'RUN').map((i) => i.rest).join('\n')).toMatch(/npm ci --omit=dev/);
  });

  it('compiles the TypeScript in a build stage: the prober starts from dist/, without a transform', () => {
    expect(all.filter((i) => i.stage < lastStage && i.keyword === 'RUN').map((i) => i.rest).join('\n')).toMatch(/npm run build/);
    const copies = final.filter((i) => i.keyword === 'COPY').map((i) => i.rest);
    const dist = copies.findIndex((rest) => /^--from=\S+ \/app\/dist \.\/dist$/.test(rest));
    // dist/ must be newer than every source file, or bin/gwscheck.js falls back to the sources.
    expect(dist).toBeGreaterThan(copies.indexOf('src ./src'));
  });

  it('runs as a user other than root', () => {
    const user = one('USER').rest;
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('runs node under tini (which passes signals on), never npx or a shell', () => {
    const entrypoint = execForm(one('ENTRYPOINT').rest);
    expect(entrypoint).toEqual(['/usr/bin/tini', '--']);
    expect(final.filter((i) => i.keyword === 'RUN').map((i) => i.rest).join('\n')).toMatch(/apt-get install -y --no-install-recommends tini/);
    const cmd = execForm(one('CMD').rest);
    expect(cmd.slice(0, 3)).toEqual(['node', 'bin/gwscheck.js', 'probe']);
    expect(final.filter((i) => /\bnpx\b/.test(i.rest)).map((i) => `${i.keyword} ${i.rest}`)).toEqual([]);
  });

  it('CMD uses only flags gwscheck probe knows, listening on the exposed port on every interface', () => {
    const cmd = execForm(one('CMD').rest);
    expect(unknownProbeFlags(cmd)).toEqual([]);
    expect(flagValue(cmd, '--listen')).toBe(`0.0.0.0:${one('EXPOSE').rest}`);
  });

  it('copies only paths that exist and that .dockerignore does not exclude', () => {
    const sources = final
      .filter((i) => i.keyword === 'COPY' && !i.rest.startsWith('--from='))
      .flatMap((i) => i.rest.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect(existsSync(`${REPO_ROOT}${source}`), source).toBe(true);
      expect(dockerignore.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`)), source).toEqual([]);
    }
    for (const needed of ['bin', 'src', 'schemas', 'package.json']) expect(sources).toContain(needed);
    expect(dockerignore).toEqual(expect.arrayContaining(['node_modules', '.git']));
  });

  describe('HEALTHCHECK', () => {
    const healthcheck = one('HEALTHCHECK').rest;
    const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 4));
    const port = one('EXPOSE').rest;

    it('asks /-/healthy on the exposed port with node itself', () => {
      expect(command[0]).toBe('node');
      expect(command.join(' ')).toContain(`http://127.0.0.1:${port}/-/healthy`);
      expect(healthcheck).not.toMatch(/\b(curl|wget)\b/);
    });

    it('succeeds against a running prober server and fails when nothing listens', async () => {
      const server = await startMetricsServer({ registry: new Registry(), isReady: () => false, host: '127.0.0.1', port: 0 });
      try {
        const live = command.slice(1).map((arg) => arg.replace(`127.0.0.1:${port}`, new URL(server.url).host));
        expect(await runNode(live)).toBe(0);
      } finally {
        await server.close();
      }
      const closed = await freePort();
      expect(await runNode(command.slice(1).map((arg) => arg.replace(`127.0.0.1:${port}`, `127.0.0.1:${closed}`)))).toBe(1);
    });
  });
});

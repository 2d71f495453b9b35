// An HTTPS simulator with a self-signed certificate of its own, probed as an SRE would configure
// gwscheck for a GWS behind an internal CA: with the CA, without verification, and without either.
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProberConfig, type ProberTarget } from '../../src/config/index.ts';
import { createLogger, createProber } from '../../src/prober/index.ts';
import { runCli } from '../gate/cli.ts';
import { sample, sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';

const BIN = fileURLToPath(new URL('../../bin/gwscheck.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gwscheck-tls-'));
const certFile = join(dir, 'cert.pem');
const keyFile = join(dir, 'key.pem');

/**
 * A certificate valid for 20 days, for 127.0.0.1 and gws.test, made with openssl when it is there;
 * otherwise the client tests' century-long fixture (same SANs but gws.test).
 */
function makeCertificate(): { readonly cert: string; readonly key: string; readonly names: readonly string[] } {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '20', '-subj', '/CN=gwscheck-test', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:gws.test'],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), names: ['127.0.0.1', 'gws.test'] };
  } catch {
    const cert = readFileSync(new URL('../client/fixtures/localhost-cert.pem', import.meta.url), 'utf8');
    const key = readFileSync(new URL('../client/fixtures/localhost-key.pem', import.meta.url), 'utf8');
    writeFileSync(certFile, cert);
    writeFileSync(keyFile, key);
    return { cert, key, names: ['127.0.0.1', 'localhost'] };
  }
}

const { cert, key, names } = makeCertificate();
const notAfter = Date.parse(new X509Certificate(cert).validTo) / 1000;
const altName = names[1] ?? 'localhost';
let sim: TestSimulator;

beforeAll(async () => {
  sim = await startSimulator({}, { cert, key });
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function probeOnce(fields: Partial<ProberTarget>) {
  const registry = new Registry();
  const warnings: string[] = [];
  const logger = createLogger({ format: 'json', write: (line, level) => (level === 'warn' ? warnings.push(line) : undefined) });
  const prober = createProber({
    targets: [simulatorTarget(sim.url, { include: ['get-diagnostics-version', 'get-me'], ...fields })],
    contracts: sharedContracts(),
    registry,
    logger,
  });
  try {
    const first = await prober.runOnce();
    const second = await prober.runOnce();
    return { results: [...first, ...second], registry, warnings };
  } finally {
    await prober.stop();
  }
}

describe('probing an https target', () => {
  it('serves the simulator over https', () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
  });

  it('with the CA from the config file: every probe holds and the expiry gauge is the certificate\'s notAfter', async () => {
    const config = join(dir, 'ca.yaml');
    writeFileSync(config, ['targets:', '  - name: sim', `    baseUrl: ${sim.url}`, `    tls: { ca: ${certFile} }`].join('\n'));
    const tls = loadProberConfig({ flags: { config }, env: {} })?.targets[0]?.tls;
    expect(tls?.ca).toBe(cert);
    const { results, registry, warnings } = await probeOnce(tls ? { tls } : {});
    expect(results.map((r) => [r.probe, r.outcome])).toEqual([
      ['get-diagnostics-version', 'success'],
      ['get-me', 'success'],
      ['get-diagnostics-version', 'success'],
      ['get-me', 'success'],
    ]);
    expect(results.every((r) => r.certNotAfter === notAfter)).toBe(true);
    expect(await sample(registry, 'gwscheck_tls_cert_not_after_timestamp_seconds', { target: 'sim' })).toBe(notAfter);
    expect(warnings).toEqual([]);
  });

  it('with serverName: the certificate is checked against that name, not the URL\'s address', async () => {
    const matching = await probeOnce({ tls: { ca: cert, insecureSkipVerify: false, serverName: altName } });
    expect(matching.results.every((r) => r.ok)).toBe(true);
    const other = await probeOnce({ tls: { ca: cert, insecureSkipVerify: false, serverName: 'other.example' } });
    expect(other.results[0]).toMatchObject({ ok: false, outcome: 'network_error' });
    expect(other.results[0]?.error).toMatch(/^TLS ERR_TLS_CERT_ALTNAME_INVALID \(.*other\.example.*\) 127\.0\.0\.1:\d+$/);
  });

  it('with insecureSkipVerify: probes hold, the expiry is still read, and one warning names the target', async () => {
    const { results, registry, warnings } = await probeOnce({ tls: { insecureSkipVerify: true } });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await sample(registry, 'gwscheck_tls_cert_not_after_timestamp_seconds', { target: 'sim' })).toBe(notAfter);
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? '')).toMatchObject({ level: 'warn', target: 'sim', msg: expect.stringContaining('insecureSkipVerify') as unknown });
  });

  it('without either: a network_error that says TLS and why, and no expiry series', async () => {
    const { results, registry } = await probeOnce({});
    expect(results.every((r) => r.outcome === 'network_error')).toBe(true);
    expect(results[0]?.error).toMatch(/^TLS (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN) \(self[- ]signed certificate.*\) 127\.0\.0\.1:\d+$/);
    expect(await sample(registry, 'gwscheck_tls_cert_not_after_timestamp_seconds', { target: 'sim' })).toBeUndefined();
  });
});

describe('gwscheck contract --tls-*', () => {
  const contract = (extra: string[]) =>
    runCli(
      ['contract', '--base-url', sim.url, '--username', 'ksippo', '--grep', '^get-diagnostics-version: ', '--notifications', 'off', '--reports', join(dir, 'reports'), '--quiet', ...extra],
      { GWS_PASSWORD: '' },
    );

  it('holds with --tls-ca and with --tls-insecure-skip-verify', async () => {
    const [withCa, skipping] = await Promise.all([contract(['--tls-ca', certFile]), contract(['--tls-insecure-skip-verify'])]);
    expect(withCa.status, withCa.stdout + withCa.stderr).toBe(0);
    expect(skipping.status, skipping.stdout + skipping.stderr).toBe(0);
  });

  it('without them: exit 3, one line saying the certificate is not trusted', async () => {
    const result = await contract([]);
    expect(result.status).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/unreachable: GET \/diagnostics\/version failed \(TLS [A-Z_]+ \(self[- ]signed certificate/);
  });

  it('a CA file that cannot be read: exit 2 naming the flag and the path', async () => {
    const missing = join(dir, 'nope.pem');
    const result = await contract(['--tls-ca', missing]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`gwscheck contract: --tls-ca "${missing}" cannot be read (ENOENT); expected a PEM file holding the CA certificates to trust`);
  });
});

describe('gwscheck simulate --tls-cert/--tls-key', () => {
  it('serves the API over https and prints an https root', async () => {
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--tls-cert', certFile, '--tls-key', keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening at (\S+)/.exec(out);
          if (m?.[1] !== undefined) resolve(m[1]);
        });
        void exited.then(() => reject(new Error(`exited early: ${out}`)));
      });
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(`${url}/diagnostics/version`, { ca: cert }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ statusCode: 0 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses --tls-cert without --tls-key: exit 2, one line', async () => {
    const result = await runCli(['simulate', '--port', '0', '--tls-cert', certFile]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('gwscheck simulate: --tls-cert is set but --tls-key is not (expected both to serve HTTPS)');
  });
});

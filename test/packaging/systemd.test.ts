import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../monitoring/prometheus-harness.ts';
import { SYSTEMD_ANALYZE_BIN, toolEnv } from '../tools.ts';
import { DEPLOY_DIR, flagValue, unknownProbeFlags } from './deploy.ts';

const UNIT_NAME = 'gwscheck-prober.service';
const unit = readFileSync(`${DEPLOY_DIR}systemd/${UNIT_NAME}`, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'gwscheck-systemd-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every `Key=value` of the unit, by key (a key may repeat). */
function settings(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match === null) continue;
    const [, key = '', value = ''] = match;
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}
const unitSettings = settings(unit);
const analyze = (...args: string[]) => runCommand(SYSTEMD_ANALYZE_BIN, args, undefined, toolEnv(SYSTEMD_ANALYZE_BIN));
const setting = (key: string): string | undefined => unitSettings.get(key)?.at(-1);

/**
 * systemd-analyze verify checks that ExecStart's program exists and is executable. The unit names
 * /usr/bin/node (Debian's and NodeSource's node); the copy verified here names the node running
 * this test instead, so the check passes on a machine whose node lives elsewhere and still fails
 * on anything else that is wrong.
 */
function verifiable(text: string, name = UNIT_NAME): string {
  const file = join(dir, name);
  writeFileSync(file, text.replace(/^ExecStart=\/usr\/bin\/node /m, `ExecStart=${process.execPath} `));
  return file;
}

describe('deploy/systemd/gwscheck-prober.service', () => {
  it('passes systemd-analyze verify', async () => {
    const result = await analyze('verify', verifiable(unit));
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('verify does catch a broken unit: a misspelt signal is reported, a missing program fails', async () => {
    const misspelt = unit.replace('KillSignal=SIGTERM', 'KillSignal=SIGTERMX');
    expect((await analyze('verify', verifiable(misspelt, 'gwscheck-misspelt.service'))).stderr).toMatch(/SIGTERMX/);
    const missing = unit.replace(/^ExecStart=\/usr\/bin\/node /m, `ExecStart=${join(dir, 'no-such-node')} `);
    writeFileSync(join(dir, 'gwscheck-missing.service'), missing);
    const result = await analyze('verify', join(dir, 'gwscheck-missing.service'));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no-such-node is not executable/);
  });

  it('runs node itself on bin/gwscheck.js probe with a config file and only flags gwscheck probe knows', () => {
    const execStart = setting('ExecStart')?.split(/\s+/) ?? [];
    expect(execStart.slice(0, 3)).toEqual(['/usr/bin/node', '/opt/gwscheck/bin/gwscheck.js', 'probe']);
    expect(flagValue(execStart, '--config')).toBe('/etc/gwscheck/prober.yaml');
    expect(unknownProbeFlags(execStart)).toEqual([]);
    expect(unit).not.toMatch(/^ExecStart=.*\bnpx\b/m);
  });

  it('stops with SIGTERM and a bounded wait, restarts on failure but not on a configuration error', () => {
    expect(setting('KillSignal')).toBe('SIGTERM');
    expect(Number(/^(\d+)s?$/.exec(setting('TimeoutStopSec') ?? '')?.[1])).toBeGreaterThan(3);
    expect(setting('Restart')).toBe('on-failure');
    expect(setting('RestartPreventExitStatus')).toBe('2');
  });

  it('takes passwords from an EnvironmentFile, not from the command line', () => {
    expect(setting('EnvironmentFile')).toBe('/etc/gwscheck/prober.env');
    expect(setting('ExecStart')).not.toMatch(/password/i);
  });

  it('is hardened: systemd-analyze security rates it OK (exposure below 2)', async () => {
    for (const [key, value] of [
      ['DynamicUser', 'yes'],
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['CapabilityBoundingSet', ''],
    ] as const) {
      expect(setting(key), key).toBe(value);
    }
    const result = await analyze('security', '--offline=yes', verifiable(unit));
    const exposure = /Overall exposure level for \S+: ([\d.]+)/.exec(result.stdout);
    expect(exposure, result.stdout + result.stderr).not.toBeNull();
    expect(Number(exposure?.[1])).toBeLessThan(2);
  });
});

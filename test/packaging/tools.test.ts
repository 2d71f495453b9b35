import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTool, missingTools, provideTools, TOOL_NAMES, toolEnv, type CommandOutcome, type CommandRunner } from '../tools.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gwscheck-tools-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function program(file: string, text = 'echo "fake $0"'): string {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${text}\n`);
  chmodSync(file, 0o755);
  return file;
}

interface Call {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string | undefined;
}

/** A runner that records every call and answers through `answer`. */
function recorder(answer: (call: Call) => CommandOutcome = () => ({ status: 0, output: '' })): { run: CommandRunner; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    run: (command, args, cwd) => {
      const call = { command, args, cwd };
      calls.push(call);
      return answer(call);
    },
  };
}

describe('findTool', () => {
  it('takes PATH first, then the cache, and skips files that are not executable', () => {
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    const cacheDir = join(dir, 'cache');
    mkdirSync(first);
    writeFileSync(join(first, 'promtool'), 'not executable');
    const onPath = program(join(second, 'promtool'));
    const cached = program(join(cacheDir, 'usr/bin/promtool'));
    expect(findTool('promtool', { path: `${first}:${second}`, cacheDir })).toBe(onPath);
    expect(findTool('promtool', { path: first, cacheDir })).toBe(cached);
    expect(findTool('promtool', { path: first, cacheDir: join(dir, 'empty') })).toBeUndefined();
  });

  it('finds chromium in the cache as the browser binary, not the launcher script with fixed paths', () => {
    const cacheDir = join(dir, 'cache');
    program(join(cacheDir, 'usr/bin/chromium'));
    const browser = program(join(cacheDir, 'usr/lib/chromium/chromium'));
    expect(findTool('chromium', { path: '', cacheDir })).toBe(browser);
  });

  it('lists what neither PATH nor the cache has', () => {
    const bin = join(dir, 'bin');
    program(join(bin, 'curl'));
    program(join(bin, 'prometheus'));
    expect(missingTools(TOOL_NAMES, { path: bin, cacheDir: join(dir, 'cache') })).toEqual(['promtool', 'prometheus-blackbox-exporter', 'chromium', 'systemd-analyze']);
  });
});

describe('provideTools', () => {
  it('does nothing when every tool is found', () => {
    const bin = join(dir, 'bin');
    for (const name of TOOL_NAMES) program(join(bin, name));
    const { run, calls } = recorder();
    expect(provideTools({ asRoot: true, lookup: { path: bin, cacheDir: join(dir, 'cache') }, run })).toEqual({ kind: 'present' });
    expect(calls).toEqual([]);
  });

  it('as root: apt-get update, then one apt-get install of each missing package once', () => {
    const bin = join(dir, 'bin');
    for (const name of ['curl', 'chromium', 'systemd-analyze']) program(join(bin, name));
    const { run, calls } = recorder((call) => {
      if (call.args.includes('install')) for (const name of ['prometheus', 'promtool', 'prometheus-blackbox-exporter']) program(join(bin, name));
      return { status: 0, output: '' };
    });
    const result = provideTools({ asRoot: true, lookup: { path: bin, cacheDir: join(dir, 'cache') }, run });
    expect(result).toEqual({ kind: 'installed', tools: ['prometheus', 'promtool', 'prometheus-blackbox-exporter'], packages: ['prometheus', 'prometheus-blackbox-exporter'] });
    expect(calls.map((c) => [c.command, ...c.args])).toEqual([
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'prometheus', 'prometheus-blackbox-exporter'],
    ]);
  });

  it('names the failed command with the end of its output', () => {
    const { run } = recorder((call) => (call.args.includes('update') ? { status: 100, output: 'E: Could not open lock file\nE: Are you root?' } : { status: 0, output: '' }));
    expect(() => provideTools({ asRoot: true, names: ['promtool'], lookup: { path: '', cacheDir: join(dir, 'cache') }, run })).toThrow(
      /^apt-get update -qq failed \(exit 100\): E: Could not open lock file \| E: Are you root\?$/,
    );
  });

  it('fails when the install ran but the tool is still not found', () => {
    const { run } = recorder();
    expect(() => provideTools({ asRoot: true, names: ['promtool'], lookup: { path: '', cacheDir: join(dir, 'cache') }, run })).toThrow(
      'installed prometheus, but promtool is still not found',
    );
  });

  it('without root: a private package list, the packages and their missing dependencies downloaded, each unpacked with the real dpkg-deb', () => {
    // A real package built here, so that the real dpkg-deb unpacks it; only apt-get's network part is replaced.
    const root = join(dir, 'pkgroot');
    program(join(root, 'usr/bin/promtool'), 'echo "promtool, version 2.42.0"');
    program(join(root, 'usr/bin/prometheus'));
    mkdirSync(join(root, 'DEBIAN'));
    writeFileSync(join(root, 'DEBIAN/control'), 'Package: prometheus\nVersion: 2.42.0\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: test package\n');
    const built = join(dir, 'prometheus_2.42.0_all.deb');
    const build = spawnSync('dpkg-deb', ['--root-owner-group', '--build', root, built], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const cacheDir = join(dir, 'cache');

    const { run, calls } = recorder((call) => {
      if (call.command === 'dpkg-deb') {
        const real = spawnSync(call.command, call.args, { encoding: 'utf8' });
        return { status: real.status ?? 1, output: `${real.stdout}${real.stderr}` };
      }
      if (call.args.includes('-s')) return { status: 0, output: 'Inst prometheus (2.42.0 Debian:12)\nInst libjs-jquery (3.6.1 Debian:12)\nConf prometheus (2.42.0)\n' };
      if (call.args.includes('download')) copyFileSync(built, join(call.cwd ?? '.', basename(built)));
      return { status: 0, output: '' };
    });
    const result = provideTools({ asRoot: false, names: ['prometheus', 'promtool'], lookup: { path: '', cacheDir }, run });
    expect(result).toEqual({ kind: 'unpacked', tools: ['prometheus', 'promtool'], packages: ['prometheus'] });

    const aptOptions = ['-o', `Dir::State::Lists=${join(cacheDir, 'apt/lists')}`, '-o', `Dir::Cache=${join(cacheDir, 'apt/cache')}`, '-o', 'Debug::NoLocking=1'];
    expect(calls.map((c) => [c.command, ...c.args])).toEqual([
      ['apt-get', ...aptOptions, 'update', '-qq'],
      ['apt-get', ...aptOptions, '-s', 'install', '--no-install-recommends', 'prometheus'],
      ['apt-get', ...aptOptions, 'download', 'prometheus', 'libjs-jquery'],
      ['dpkg-deb', '-x', join(cacheDir, 'debs', basename(built)), cacheDir],
    ]);
    const promtool = findTool('promtool', { path: '', cacheDir });
    expect(promtool).toBe(join(cacheDir, 'usr/bin/promtool'));
    expect(spawnSync(promtool ?? 'promtool', ['--version'], { encoding: 'utf8' }).stdout).toBe('promtool, version 2.42.0\n');
  });
});

describe('toolEnv', () => {
  it('puts the cache\'s libraries first for a program from the cache, and changes nothing for one from PATH', () => {
    const cacheDir = join(dir, 'cache');
    const libs = join(cacheDir, 'usr/lib/x86_64-linux-gnu/systemd');
    mkdirSync(libs, { recursive: true });
    const cached = program(join(cacheDir, 'usr/bin/systemd-analyze'));
    expect(toolEnv(cached, cacheDir)['LD_LIBRARY_PATH']?.split(':')[0]).toBe(libs);
    expect(toolEnv('/usr/bin/systemd-analyze', cacheDir)).toBe(process.env);
  });
});

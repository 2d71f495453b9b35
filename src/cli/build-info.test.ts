import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInfo, sourceRevision } from './build-info.ts';

const bare = `${mkdtempSync(join(tmpdir(), 'gwscheck-no-git-'))}/`;
afterAll(() => rmSync(bare, { recursive: true, force: true }));

describe('sourceRevision', () => {
  it('takes GWSCHECK_REVISION when set, and "unknown" for a value that is no revision', () => {
    expect(sourceRevision({ GWSCHECK_REVISION: 'v1.4.0-3-gabc1234' }, bare)).toBe('v1.4.0-3-gabc1234');
    expect(sourceRevision({ GWSCHECK_REVISION: 'abc"} 1\nx' }, bare)).toBe('unknown');
  });

  it('is "unknown" without the variable and without a .git beside the package', () => {
    expect(sourceRevision({}, bare)).toBe('unknown');
  });

  it('is the short commit of the checkout it runs from', () => {
    expect(sourceRevision({})).toMatch(/^[0-9a-f]{7,40}$/);
  });
});

describe('buildInfo', () => {
  it('has the package version and the running Node.js version', () => {
    const info = buildInfo({ GWSCHECK_REVISION: 'r1' });
    expect(info).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown, revision: 'r1', node: process.versions.node });
  });
});

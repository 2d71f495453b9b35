import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes.ts';
import { run } from './probe.ts';

function listeningServers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
}

/** A closed server leaves the active-resource list one loop turn after its close callback. */
async function settlesTo(expected: number, deadlineMs = 2000): Promise<number> {
  const until = Date.now() + deadlineMs;
  while (listeningServers() !== expected && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return listeningServers();
}

describe('gwscheck probe --simulator', () => {
  it('closes the embedded simulator when a flag is refused after it started', async () => {
    const before = listeningServers();
    await expect(run(['--simulator', '--once', '--interval', '45s'])).rejects.toThrow(UsageError);
    expect(await settlesTo(before)).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/index.ts';
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
  it('refuses bad flags before the embedded simulator starts, listing each, and leaves no server behind', async () => {
    const before = listeningServers();
    const refused = run(['--simulator', '--once', '--interval', '45s', '--timeout', '600h']);
    await expect(refused).rejects.toThrow(ConfigError);
    await expect(refused).rejects.toMatchObject({
      problems: [
        expect.stringMatching(/^--interval "45s" is not an interval the schedule can keep/),
        '--timeout "600h" is out of range (expected 1ms to 2147483647ms, about 596h)',
      ],
    });
    expect(await settlesTo(before)).toBe(before);
  });

  it('closes the embedded simulator when the metrics address cannot be bound', async () => {
    const before = listeningServers();
    await expect(run(['--simulator', '--listen', '203.0.113.1:0'])).rejects.toThrow(/cannot listen on 203\.0\.113\.1:0/);
    expect(await settlesTo(before)).toBe(before);
  });
});

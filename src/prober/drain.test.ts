import { describe, expect, it } from 'vitest';
import { HURRY_MS, drainRuns } from './drain.ts';

const after = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('drainRuns', () => {
  it('waits for runs that end within the bound and never hurries them', async () => {
    let hurried = false;
    expect(await drainRuns([{ done: after(30) }, { done: Promise.reject(new Error('failed run')) }], 500, () => (hurried = true))).toBe(true);
    expect(hurried).toBe(false);
  });

  it('leaves a restoring run undisturbed for its own drainMs, longer than the bound', async () => {
    let hurried = false;
    const started = Date.now();
    expect(await drainRuns([{ done: after(300), drainMs: 1000 }], 50, () => (hurried = true))).toBe(true);
    expect(hurried).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hurries a restoring run past its drainMs and waits for its restore', async () => {
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const ended = drainRuns([{ done, drainMs: 100 }], 50, () => setTimeout(finish, 20));
    expect(await ended).toBe(true);
  });

  it('gives up on a hung run that restores nothing at the bound, without the hurry time', async () => {
    const started = Date.now();
    let hurried = false;
    expect(await drainRuns([{ done: new Promise(() => undefined) }], 100, () => (hurried = true))).toBe(false);
    expect(hurried).toBe(true);
    expect(Date.now() - started).toBeLessThan(HURRY_MS);
  });
});

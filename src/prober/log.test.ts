import { describe, expect, it } from 'vitest';
import { createLogger, isLogFormat } from './log.ts';

function capture(format: 'text' | 'json') {
  const lines: string[] = [];
  const logger = createLogger({ format, write: (line) => lines.push(line), now: () => Date.UTC(2026, 11, 1, 8, 0, 0) });
  return { logger, lines };
}

describe('createLogger', () => {
  it('text: time, level, message, then the fields as name=value, quoted where a value has spaces', () => {
    const { logger, lines } = capture('text');
    logger.warn('probe failed', { target: 'gws-a', probe: 'get-me', outcome: 'timeout', statusCode: 0, reason: 'no complete response within 5000 ms', absent: undefined });
    expect(lines).toEqual([
      '2026-12-01T08:00:00.000Z warn probe failed target=gws-a probe=get-me outcome=timeout statusCode=0 reason="no complete response within 5000 ms"',
    ]);
  });

  it('json: one object per line with time, level and msg first, and the fields beside them', () => {
    const { logger, lines } = capture('json');
    logger.info('probe recovered', { target: 'gws-a', probe: 'get-me' });
    logger.error('started');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('{"time":"2026-12-01T08:00:00.000Z","level":"info","msg":"probe recovered","target":"gws-a","probe":"get-me"}');
    expect(JSON.parse(lines[1] ?? '')).toEqual({ time: '2026-12-01T08:00:00.000Z', level: 'error', msg: 'started' });
  });

  it('keeps every event on one line and lets no field replace time, level or msg', () => {
    for (const format of ['text', 'json'] as const) {
      const { logger, lines } = capture(format);
      logger.warn('first\nforged line\r\nmore', { level: 'info', msg: 'x', reason: 'a\nb' });
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/[\r\n]/);
      if (format === 'json') expect(JSON.parse(lines[0] ?? '')).toEqual({ time: '2026-12-01T08:00:00.000Z', level: 'warn', msg: 'first forged line more', reason: 'a\nb' });
      else expect(lines[0]).toBe('2026-12-01T08:00:00.000Z warn first forged line more reason="a\\nb"');
    }
  });

  it('knows its formats', () => {
    expect(isLogFormat('json')).toBe(true);
    expect(isLogFormat('logfmt')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { wantsJson } from './negotiate.ts';

describe('Accept: JSON only when asked for by name', () => {
  it.each([
    ['application/json', true],
    ['application/json, */*', true],
    ['text/html;q=0.9, application/json', true],
    ['Application/JSON; charset=utf-8', true],
    [undefined, false],
    ['*/*', false],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8', false],
    ['application/json;q=0.5, text/html', false],
    ['application/json;q=0', false],
    ['text/plain', false],
  ])('%s → %s', (accept, json) => {
    expect(wantsJson(accept)).toBe(json);
  });
});

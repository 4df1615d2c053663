import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['24h', 86_400],
    ['30m', 1800],
    ['7d', 604_800],
    ['90s', 90],
    ['1w', 604_800],
    ['3600', 3600],
    ['1.5h', 5400],
    ['2 days', 172_800],
    [' 15M ', 900],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'h', '0', '0s', '-5m', '5y', '10 parsecs', '1h30m', 'abc'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

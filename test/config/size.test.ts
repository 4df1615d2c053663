import { describe, expect, it } from 'vitest';
import { parseSize } from '../../src/config/size.js';

describe('parseSize', () => {
  it.each([
    ['2MB', 2 * 1024 * 1024],
    ['512kB', 512 * 1024],
    ['512 KiB', 512 * 1024],
    ['1.5m', 1.5 * 1024 * 1024],
    ['1g', 1024 ** 3],
    ['4096', 4096],
    ['100b', 100],
  ])('reads %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', '0', '0MB', '-1MB', 'MB', '2 TB', 'two MB', '1e9', `${'9'.repeat(30)}GB`])('refuses %j', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });
});

// The JS/TS parser settings (src/lang/javascript/parse-js.ts): syntax real repositories ship reads
// without a recovered error.
import { describe, expect, it } from 'vitest';
import { parseJs } from '../../src/lang/javascript/parse-js.js';

describe('parseJs', () => {
  it.each(['js', 'ts'] as const)('reads the import assertions Node 16–20 shipped (%s)', (dialect) => {
    const { recoveredErrors } = parseJs("import config from './config.json' assert { type: 'json' };\nexport default config;\n", dialect);
    expect(recoveredErrors).toEqual([]);
  });

  it('reads import attributes, their successor', () => {
    expect(parseJs("import config from './config.json' with { type: 'json' };\n", 'js').recoveredErrors).toEqual([]);
  });
});

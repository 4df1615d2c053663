import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { expect } from 'vitest';

// The official OASIS schema is written in JSON Schema draft-04 (its `$schema` says so),
// which Ajv's default draft-07 class refuses; ajv-draft-04 is Ajv for that draft.
export const SARIF_SCHEMA = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
let compiled: Validate | undefined;

export function sarifValidator(): Validate {
  if (!compiled) {
    expect(SARIF_SCHEMA.$schema).toBe('http://json-schema.org/draft-04/schema#');
    // Both packages are CommonJS with `exports.default`, which is what NodeNext types see.
    const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    compiled = ajv.compile(SARIF_SCHEMA) as Validate;
  }
  return compiled;
}

export function expectValidSarif(log: unknown): void {
  const validate = sarifValidator();
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

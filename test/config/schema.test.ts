import { readFileSync } from 'node:fs';
import path from 'node:path';
import ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { parseConfigText } from '../../src/config/config-data.js';
import { OPTION_SETTINGS, validateConfig } from '../../src/config/load-config.js';
import { PROJECT_ROOT } from '../cli/helpers/run-jwtlint.js';

// schema/jwtlintrc.schema.json, shipped for editors, must accept exactly what the loader
// accepts: the same keys, rule ids (the registry's), options and value forms.

const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'schema', 'jwtlintrc.schema.json'), 'utf8'));
const validate = new ajv2020.default({ strict: true, strictRequired: false, allErrors: true }).compile(schema);
const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

function loaderAccepts(data: unknown): boolean {
  return validateConfig(data, rules).ok;
}

describe('the .jwtlintrc JSON Schema', () => {
  it("enumerates the registry's rule ids and the configurable options of each rule", () => {
    expect(schema.properties.rules.propertyNames.enum).toEqual(rules.map((rule) => rule.id));
    expect(Object.keys(schema.properties.rules.properties)).toEqual(rules.map((rule) => rule.id));
    for (const rule of rules) {
      const object = schema.$defs[`rule-${rule.id}`].oneOf.find((alternative: { type?: string }) => alternative.type === 'object');
      expect(Object.keys(object.properties.options.properties), rule.id).toEqual(Object.keys(OPTION_SETTINGS[rule.id] ?? {}));
    }
  });

  it('validates the configuration examples of the README, which the loader accepts too', () => {
    const section = readme.slice(readme.indexOf('### Configuration'), readme.indexOf('### Suppressions'));
    const examples = [...section.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)].map((match) => parseConfigText(match[2]!, match[1] as 'yaml' | 'json'));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(example.ok).toBe(true);
      const data = (example as { data: unknown }).data;
      expect(loaderAccepts(data)).toBe(true);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  const cases: [string, unknown][] = [
    ['empty file', null],
    ['empty object', {}],
    ['$schema', { $schema: './node_modules/jwtlint/schema/jwtlintrc.schema.json', failOn: 'high' }],
    ['every top-level key', { failOn: 'none', maxExpiry: '7d', ignore: ['test/'], testPaths: ['e2e/', '!e2e/prod/'], units: { 'services/api': 'api', '.': 'root', './web/': 'web' }, rules: {} }],
    ['rule forms', { rules: { 'alg-none': 'off', 'weak-secret': 'on', 'no-expiry': true, 'hardcoded-token': false, 'shared-secret': 'critical', 'token-logged': { enabled: 'off' } } }],
    ['rule options', { rules: { 'long-expiry': { severity: 'low', options: { maxExpiry: '7 days' } }, 'expiry-not-enforced': { options: { maxClockTolerance: 0 } } } }],
    ['zero clock tolerance as text', { rules: { 'expiry-not-enforced': { options: { maxClockTolerance: '0s' } } } }],
    ['durations', { maxExpiry: 3600 }],
    ['duration with spaces and upper case', { maxExpiry: ' 15 Minutes ' }],
    // Refused by both.
    ['unknown key', { fail_on: 'high' }],
    ['bad failOn', { failOn: 'severe' }],
    ['zero maxExpiry', { maxExpiry: '0h' }],
    ['negative maxExpiry', { maxExpiry: -5 }],
    ['unknown unit', { maxExpiry: '3 fortnights' }],
    ['blank ignore pattern', { ignore: ['  '] }],
    ['ignore not a list', { ignore: 'test/' }],
    ['unknown rule id', { rules: { 'no-such-rule': 'off' } }],
    ['bad rule value', { rules: { 'alg-none': 'maybe' } }],
    ['unknown rule key', { rules: { 'alg-none': { level: 'high' } } }],
    ['option of a rule without options', { rules: { 'alg-none': { options: { x: 1 } } } }],
    ['unknown option', { rules: { 'long-expiry': { options: { max: '1h' } } } }],
    ['both maxExpiry forms', { maxExpiry: '1h', rules: { 'long-expiry': { options: { maxExpiry: '2h' } } } }],
    ['unit folder with ..', { units: { '../api': 'api' } }],
    ['absolute unit folder', { units: { '/srv/api': 'api' } }],
    ['unit folder with a backslash', { units: { 'services\\api': 'api' } }],
    ['empty unit name', { units: { api: ' ' } }],
    ['unit name with a newline', { units: { api: 'a\nb' } }],
    ['a list', ['failOn']],
  ];
  it.each(cases)('agrees with the loader: %s', (_name, data) => {
    expect(validate(data), JSON.stringify(validate.errors)).toBe(loaderAccepts(data));
  });
});

import { describe, expect, it } from 'vitest';
import { isTestPath } from '../../src/lang/javascript/extract-facts.js';

describe('isTestPath: source that only tests run', () => {
  it.each([
    'src/auth.test.ts',
    'src/auth.spec.js',
    'test/helpers/token.ts',
    'packages/api/__tests__/login.ts',
    'integration-tests/helpers/create-admin-user.ts',
    'packages/core/e2e-tests/login.ts',
    'api_tests/session.js',
    'src/test-utils/tokens.ts',
    'packages/web/test-helpers/session.ts',
    'packages/api/__fixtures__/token.ts',
  ])('%s is test code', (path) => expect(isTestPath(path)).toBe(true));

  it.each([
    'src/integrations/slack/auth.ts',
    'src/integration/callback.ts',
    'src/latest/tokens.ts',
    'src/contest/entry.ts',
    'src/testimonials/list.ts',
    'src/utils/tokens.ts',
  ])('%s is not', (path) => expect(isTestPath(path)).toBe(false));
});

import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/engine/run.js';
import { tempProjectsRemovedAfterEach } from '../cli/helpers/temp-project.js';

const project = tempProjectsRemovedAfterEach();

async function scan(files: Record<string, string>) {
  const root = project(files);
  return runScan({ cwd: root, paths: [root], maxExpirySeconds: 86_400, ignore: [], disabledRules: [] });
}

// Messages name what the user wrote: the strategy class, never the `super(...)` inside it.
describe('messages', () => {
  it('name a Passport strategy by its class', async () => {
    const result = await scan({
      'src/jwt.strategy.ts': [
        "import { Injectable } from '@nestjs/common';",
        "import { PassportStrategy } from '@nestjs/passport';",
        "import { ExtractJwt, Strategy } from 'passport-jwt';",
        '',
        '@Injectable()',
        'export class AccessTokenStrategy extends PassportStrategy(Strategy) {',
        '  constructor() {',
        '    super({',
        '      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),',
        '      secretOrKey: process.env.JWT_ACCESS_SECRET,',
        '    });',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const audience = result.findings.find((f) => f.ruleId === 'missing-audience');
    expect(audience?.message).toContain('`AccessTokenStrategy` accepts tokens');
    for (const finding of result.findings) expect(finding.message).not.toContain('`super`');
  });

  it('never quote more than one line of code', async () => {
    const result = await scan({
      'src/session.js': [
        "import { jwtVerify } from 'jose';",
        'export async function session(token, key) {',
        '  const { payload } = await jwtVerify(token, key, {',
        "    issuer: 'https://issuer.example',",
        '  });',
        '  localStorage.setItem(',
        "    'session',",
        '    token,',
        '  );',
        '  console.log({',
        '    token,',
        '  });',
        '  return payload;',
        '}',
        '',
      ].join('\n'),
    });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) expect(finding.message, finding.ruleId).not.toContain('\n');
  });
});

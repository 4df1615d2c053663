import type { Finding, RunResult, SourceLocation } from '../../src/engine/types.js';

/** Raw values that appear in the sample sources and must never reach a report. */
export const RAW_SECRET = 'shhhh-dev-secret';
export const RAW_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLW9mLWFkbWlu';

export const SOURCES: Record<string, string> = {
  'src/config.js': ["'use strict';", 'function config() {', `    const JWT_SECRET = '${RAW_SECRET}'; // dev only`, '    return JWT_SECRET;', '}', ''].join('\n'),
  'src/auth.js': [
    "const jwt = require('jsonwebtoken');",
    '',
    'function issue(user) {',
    `  return jwt.sign({ sub: user.id }, '${RAW_SECRET}');`,
    '}',
    '',
  ].join('\n'),
  'test/my dir/auth.test.js': ["const jwt = require('jsonwebtoken');", "jwt.verify(token, process.env.JWT_SECRET);", ''].join('\n'),
};

function at(file: string, line: number, column: number, endColumn: number, endLine = line): SourceLocation {
  return { file, line, column, endLine, endColumn };
}

const HARDCODED_SECRET: Finding = {
  ruleId: 'hardcoded-secret',
  messageId: 'literal',
  message: 'This JWT secret is written in the source code.',
  severity: 'high',
  severityReason: 'the default for the rule',
  confidence: 'high',
  location: at('src/config.js', 3, 24, 42),
  relatedLocations: [{ location: at('src/auth.js', 4, 10, 51), label: 'The secret signs tokens here.' }],
  snippet: "const JWT_SECRET = 'shh***'; // dev only",
  evidence: { kind: 'secret', preview: 'shh***', length: RAW_SECRET.length },
  remediation: 'Load the key from the environment or a secret manager.',
  standards: { nhi: ['NHI2'], csf: ['PR.AA-01', 'PR.DS-01'], csf11: ['PR.AC-1'], cwe: ['CWE-798', 'CWE-321'] },
  inTestCode: false,
  fingerprint: 'a1b2c3d4e5f60718',
  lineHash: '3f2a9c1b7d0e4a55:1',
};

const NO_EXPIRY: Finding = {
  ruleId: 'no-expiry',
  messageId: 'missing',
  message: 'This token never expires.',
  severity: 'medium',
  severityReason: 'the default for the rule',
  confidence: 'high',
  location: at('src/auth.js', 4, 10, 18),
  relatedLocations: [],
  snippet: "return jwt.sign({ sub: user.id }, 'shh***');",
  remediation: "Pass expiresIn, e.g. '15m'.",
  standards: { nhi: ['NHI7'], csf: ['PR.AA-01'], cwe: ['CWE-613'] },
  inTestCode: false,
  fingerprint: '0f1e2d3c4b5a6978',
};

const UNPINNED_IN_TEST: Finding = {
  ruleId: 'unpinned-algorithm',
  messageId: 'noAllowlist',
  message: 'This verification accepts any algorithm the token names.',
  severity: 'high',
  severityReason: 'the default for the rule',
  confidence: 'medium',
  location: at('test/my dir/auth.test.js', 2, 1, 11),
  relatedLocations: [],
  snippet: 'jwt.verify(token, process.env.JWT_SECRET);',
  remediation: "Pass algorithms: ['RS256'].",
  standards: { nhi: ['NHI4'], csf: ['PR.AA-04'], cwe: ['CWE-757', 'CWE-347'] },
  inTestCode: true,
  fingerprint: '99aa88bb77cc66dd',
};

const HARDCODED_TOKEN: Finding = {
  ruleId: 'hardcoded-token',
  messageId: 'token',
  message: 'A signed JWT is written in this file.',
  severity: 'medium',
  severityReason: 'the default for the rule',
  confidence: 'high',
  location: at('fixtures/token.json', 2, 12, 12 + RAW_TOKEN.length),
  relatedLocations: [],
  snippet: '"token": "eyJhbG***",',
  evidence: { kind: 'token', preview: 'eyJhbG***', length: RAW_TOKEN.length },
  remediation: 'Remove the token and revoke it.',
  standards: { nhi: ['NHI2'], csf: ['PR.AA-01', 'PR.DS-01'], cwe: ['CWE-798', 'CWE-522'] },
  inTestCode: false,
  fingerprint: 'ffeeddccbbaa0011',
};

export function sampleResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    tool: { name: 'jwtlint', version: '9.8.7', informationUri: 'https://github.com/jwtlint/jwtlint' },
    root: '/work/sample project',
    rules: [
      {
        id: 'hardcoded-secret',
        description: 'JWT key material written into the repository.',
        severity: 'high',
        securitySeverity: 9.1,
        confidence: 'high',
        standards: HARDCODED_SECRET.standards,
        remediation: HARDCODED_SECRET.remediation,
        helpUri: 'https://github.com/jwtlint/jwtlint/blob/main/docs/rules/hardcoded-secret.md',
        docs: {
          whyItMatters: 'Anyone who can read the repository can mint tokens.',
          incorrect: "const SECRET = 'dev-secret';\njwt.sign(payload, SECRET);\n",
          correct: 'const SECRET = process.env.JWT_SECRET;\n',
          remediation: 'Load the key at startup from a secret manager and rotate the committed one.',
          limitations: 'Keys built at run time are not seen.',
        },
        references: [{ title: 'RFC 8725 §3.5', url: 'https://www.rfc-editor.org/rfc/rfc8725#section-3.5' }],
        options: {},
      },
      {
        id: 'hardcoded-token',
        description: 'A literal JWT in source or config.',
        severity: 'medium',
        securitySeverity: 7.5,
        confidence: 'high',
        standards: HARDCODED_TOKEN.standards,
        remediation: HARDCODED_TOKEN.remediation,
        helpUri: 'https://github.com/jwtlint/jwtlint/blob/main/docs/rules/hardcoded-token.md',
      },
      {
        id: 'no-expiry',
        description: 'A token signed with no expiry.',
        severity: 'medium',
        securitySeverity: 5.3,
        confidence: 'high',
        standards: NO_EXPIRY.standards,
        remediation: NO_EXPIRY.remediation,
        helpUri: 'https://github.com/jwtlint/jwtlint/blob/main/docs/rules/no-expiry.md',
      },
      {
        id: 'unpinned-algorithm',
        description: 'Verification without an explicit algorithms allowlist.',
        severity: 'high',
        securitySeverity: 5.9,
        confidence: 'medium',
        standards: UNPINNED_IN_TEST.standards,
        remediation: UNPINNED_IN_TEST.remediation,
        helpUri: 'https://github.com/jwtlint/jwtlint/blob/main/docs/rules/unpinned-algorithm.md',
      },
    ],
    findings: [HARDCODED_TOKEN, HARDCODED_SECRET, NO_EXPIRY, UNPINNED_IN_TEST],
    notifications: [
      { kind: 'unparsable', level: 'warning', message: 'Cannot parse this file: Unexpected token (3:7).', file: 'src/broken.ts' },
      { kind: 'rule-error', level: 'error', message: 'Rule crashed on this file.', file: 'src/auth.js', ruleId: 'no-expiry' },
    ],
    stats: { filesDiscovered: 5, filesParsed: 4, durationMs: 12 },
    internalError: false,
    estate: { units: [], keys: [] },
    ...overrides,
  };
}

export function readSampleSource(file: string): string | undefined {
  return SOURCES[file];
}

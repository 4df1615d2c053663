import { describe, expect, it } from 'vitest';
import { parseShell } from '../../src/config-files/parse-shell.js';
import { at, entry } from './helpers.js';

function keys(text: string): string[] {
  return parseShell('run.sh', text).entries.map((e) => e.key);
}

describe('parseShell', () => {
  it('locates keys and values of plain, exported and read-only assignments', () => {
    const text = '#!/bin/sh\nset -e\nAPI=http://localhost\nexport JWT_SECRET=abc123\nreadonly TTL=3600\ndeclare -rx ALG=HS256\nlocal_fn() { local scoped=1; }\n';
    const parsed = parseShell('run.sh', text);
    expect(parsed.format).toBe('shell');
    expect(parsed.entries.map((e) => [e.key, e.value])).toEqual([
      ['API', 'http://localhost'],
      ['JWT_SECRET', 'abc123'],
      ['TTL', '3600'],
      ['ALG', 'HS256'],
      ['scoped', '1'],
    ]);
    const secret = entry(parsed, 'JWT_SECRET');
    expect(at(secret)).toEqual({ key: '4:8', value: '4:19' });
    expect(secret.valueLoc).toMatchObject({ endLine: 4, endColumn: 25 });
    expect(secret).toMatchObject({ envVar: true, valueType: 'string', document: 0 });
    expect(at(entry(parsed, 'ALG'))).toEqual({ key: '6:13', value: '6:17' });
    expect(parsed.diagnostics).toEqual([]);
  });

  it('unquotes values and points at the opening quote', () => {
    const parsed = parseShell('run.sh', `A="x y"\nB='lit $X \\n'\nC="esc \\"q\\" \\$HOME"\nD=a\\ b"c"'d'\nE=\nF=""\n`);
    expect(entry(parsed, 'A')).toMatchObject({ value: 'x y', valueLoc: { column: 3, endColumn: 8 } });
    expect(entry(parsed, 'B')).toMatchObject({ value: 'lit $X \\n' });
    expect(entry(parsed, 'B').computed).toBeUndefined();
    expect(entry(parsed, 'C')).toMatchObject({ value: 'esc "q" $HOME' });
    expect(entry(parsed, 'C').computed).toBeUndefined();
    expect(entry(parsed, 'D').value).toBe('a bcd');
    expect(entry(parsed, 'E')).toMatchObject({ value: '', valueRange: [expect.any(Number), expect.any(Number)] });
    expect(entry(parsed, 'F').value).toBe('');
  });

  it('resolves ${VAR:-default} fallbacks to the literal, located where it starts', () => {
    const parsed = parseShell('run.sh', 'JWT_SECRET="${JWT_SECRET:-dev-secret}"\nREF="$JWT_SECRET"\nREQ=${JWT_SECRET:?set it}\n: "${ACCESS_TOKEN_SECRET:=fallback}"\n: ${IGNORED:-x}\n');
    const fallback = entry(parsed, 'JWT_SECRET');
    expect(fallback).toMatchObject({ value: 'dev-secret', interpolation: { name: 'JWT_SECRET', fallback: true } });
    expect(fallback.valueLoc).toMatchObject({ line: 1, column: 27, endColumn: 37 });
    expect(entry(parsed, 'REF')).toMatchObject({ value: '$JWT_SECRET', interpolation: { name: 'JWT_SECRET', fallback: false } });
    expect(entry(parsed, 'REQ').interpolation).toEqual({ name: 'JWT_SECRET', fallback: false });
    const assigned = entry(parsed, 'ACCESS_TOKEN_SECRET');
    expect(assigned).toMatchObject({ value: 'fallback', interpolation: { fallback: true } });
    expect(at(assigned)).toEqual({ key: '4:6', value: '4:27' });
    expect(parsed.entries.map((e) => e.key)).not.toContain('IGNORED');
  });

  it('marks values built at run time as computed', () => {
    const parsed = parseShell(
      'run.sh',
      ['TOKEN="$(curl -s "$API/login" | jq -r .token)"', 'export JWT_SECRET="$1"', 'KEY=`cat key.txt`', 'DIR="$HOME/keys"', 'N=$((60 * 60))', 'ALT=${A:+set}', 'DEF=${A:-$(date)}', ''].join('\n'),
    );
    for (const key of ['TOKEN', 'JWT_SECRET', 'KEY', 'DIR', 'N', 'ALT', 'DEF']) expect(entry(parsed, key).computed, key).toBe(true);
    expect(entry(parsed, 'TOKEN').value).toBe('$(curl -s "$API/login" | jq -r .token)');
  });

  it('ignores command words and their arguments', () => {
    const text = [
      'curl -d "JWT_SECRET=abc" https://x',
      'docker run -e JWT_SECRET=abc api',
      'echo JWT_SECRET=abc >> .env',
      'env JWT_SECRET=abc node x.js',
      'for f in A=1 B=2; do echo "$f"; done',
      'A+=x',
      '',
    ].join('\n');
    expect(keys(text)).toEqual([]);
  });

  it('reads assignments before a command and after ;, &&, ||, |, then, do and case patterns', () => {
    const text = [
      'JWT_SECRET=abc node server.js',
      'cd app; ONE=1 && TWO=2 || THREE=3 | FOUR=4',
      'if [ -z "$X" ]; then FIVE=5; else SIX=6; fi',
      'while true; do SEVEN=7; done',
      'case "$ENV" in',
      '  dev) EIGHT=8 ;;',
      'esac',
      '( NINE=9 )',
      '',
    ].join('\n');
    expect(keys(text)).toEqual(['JWT_SECRET', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE']);
  });

  it('skips comments, heredoc bodies and arrays', () => {
    const text = [
      '# JWT_SECRET=commented',
      'A=1 # trailing comment',
      'B=c#d',
      "cat > .env <<'EOF'",
      "JWT_SECRET=inside-heredoc, it's text",
      'EOF',
      'cat <<-END',
      '\tC=inside',
      '\tEND',
      'SHIFT=$((1 << 2))',
      'ARR=(one "two three")',
      'AFTER=yes',
      '',
    ].join('\n');
    const parsed = parseShell('run.sh', text);
    expect(parsed.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', '1'],
      ['B', 'c#d'],
      ['SHIFT', '$((1 << 2))'],
      ['AFTER', 'yes'],
    ]);
    expect(at(entry(parsed, 'AFTER'))).toEqual({ key: '12:1', value: '12:7' });
    expect(parsed.diagnostics).toEqual([]);
  });

  it('reads values across lines: double quotes and line continuations', () => {
    const text = 'JWT_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"\nexport \\\n  NEXT=1\n';
    const parsed = parseShell('run.sh', text);
    expect(entry(parsed, 'JWT_PRIVATE_KEY')).toMatchObject({
      value: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
      valueLoc: { line: 1, column: 17, endLine: 3, endColumn: 27 },
    });
    expect(at(entry(parsed, 'NEXT'))).toEqual({ key: '5:3', value: '5:8' });
  });

  it('reports an unterminated quote and carries on with the next line', () => {
    const parsed = parseShell('run.sh', 'A="open\nB=2\n');
    expect(parsed.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', 'open'],
      ['B', '2'],
    ]);
    expect(parsed.diagnostics).toEqual(['run.sh:1:3: unterminated " quote']);
  });
});

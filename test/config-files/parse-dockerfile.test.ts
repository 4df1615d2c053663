import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/config-files/parse-dockerfile.js';
import { at, entry } from './helpers.js';

describe('parseDockerfile', () => {
  it('locates keys and values of ENV KEY=value and ARG KEY=default', () => {
    const parsed = parseDockerfile('Dockerfile', 'FROM node:20\nENV NODE_ENV=production\narg JWT_SECRET=dev-secret\nCMD ["node", "server.js"]\n');
    expect(parsed.format).toBe('dockerfile');
    expect(parsed.entries.map((e) => e.key)).toEqual(['NODE_ENV', 'JWT_SECRET']);
    const env = entry(parsed, 'NODE_ENV');
    expect(env).toMatchObject({ value: 'production', envVar: true, valueRange: [26, 36] });
    expect(at(env)).toEqual({ key: '2:5', value: '2:14' });
    expect(env.valueLoc).toMatchObject({ endLine: 2, endColumn: 24 });
    expect(at(entry(parsed, 'JWT_SECRET'))).toEqual({ key: '3:5', value: '3:16' });
    expect(parsed.diagnostics).toEqual([]);
  });

  it('reads several pairs on one line, quoted values and escapes', () => {
    const parsed = parseDockerfile('Dockerfile', `ENV A=1 B="two words" C='lit $X' D=a\\ b E="q\\"x"\n`);
    expect(parsed.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', 'lit $X'],
      ['D', 'a b'],
      ['E', 'q"x'],
    ]);
    // A quoted value is located at its opening quote.
    expect(entry(parsed, 'B').valueLoc).toMatchObject({ column: 11, endColumn: 22 });
    expect(entry(parsed, 'C').computed).toBeUndefined();
  });

  it('reads the legacy ENV KEY value form as one value', () => {
    const parsed = parseDockerfile('Dockerfile', 'ENV JWT_SECRET   some long value\nENV QUOTED "a b"\n');
    expect(entry(parsed, 'JWT_SECRET')).toMatchObject({ value: 'some long value', valueLoc: { column: 18, endColumn: 33 } });
    expect(at(entry(parsed, 'JWT_SECRET')).key).toBe('1:5');
    expect(entry(parsed, 'QUOTED').value).toBe('a b');
  });

  it('follows line continuations, dropping comment and empty lines inside them', () => {
    const text = ['ENV A=1 \\', '    # a comment inside', '', '    JWT_SECRET=abc \\', '    C=3', 'RUN apt-get install \\', "  curl # it's fine", 'ARG LAST=x', ''].join('\n');
    const parsed = parseDockerfile('Dockerfile', text);
    expect(parsed.entries.map((e) => e.key)).toEqual(['A', 'JWT_SECRET', 'C', 'LAST']);
    expect(at(entry(parsed, 'JWT_SECRET'))).toEqual({ key: '4:5', value: '4:16' });
    expect(at(entry(parsed, 'C'))).toEqual({ key: '5:5', value: '5:7' });
    expect(at(entry(parsed, 'LAST'))).toEqual({ key: '8:5', value: '8:10' });
    expect(parsed.diagnostics).toEqual([]);
  });

  it('honours the escape parser directive', () => {
    const parsed = parseDockerfile('Dockerfile', '# escape=`\nFROM mcr.microsoft.com/windows\nENV DIR=C:\\app `\n    JWT_SECRET=abc\n');
    expect(parsed.entries.map((e) => [e.key, e.value])).toEqual([
      ['DIR', 'C:\\app'],
      ['JWT_SECRET', 'abc'],
    ]);
  });

  it('skips ARG without a default, comments and other instructions with their heredocs', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG JWT_SECRET',
      '# ENV COMMENTED=1',
      'RUN <<EOF',
      'ENV NOT_AN_INSTRUCTION=1',
      "echo it's a heredoc",
      'EOF',
      'RUN echo "JWT_SECRET=inline" > .env',
      'ENV AFTER=1',
      '',
    ].join('\n');
    const parsed = parseDockerfile('Dockerfile', text);
    expect(parsed.entries.map((e) => e.key)).toEqual(['AFTER']);
    expect(at(entry(parsed, 'AFTER')).key).toBe('9:5');
    expect(parsed.diagnostics).toEqual([]);
  });

  it('resolves ${VAR:-literal} fallbacks, keeps ${VAR} references and marks composite values computed', () => {
    const parsed = parseDockerfile('Dockerfile', 'ENV JWT_SECRET=${JWT_SECRET:-dev-secret} REF=${JWT_SECRET} BARE=$JWT_SECRET\nENV PATH=$PATH:/app/bin\n');
    const fallback = entry(parsed, 'JWT_SECRET');
    expect(fallback).toMatchObject({ value: 'dev-secret', interpolation: { name: 'JWT_SECRET', fallback: true } });
    expect(fallback.valueLoc).toMatchObject({ column: 30, endColumn: 40 });
    expect(entry(parsed, 'REF')).toMatchObject({ value: '${JWT_SECRET}', interpolation: { name: 'JWT_SECRET', fallback: false } });
    expect(entry(parsed, 'BARE')).toMatchObject({ interpolation: { name: 'JWT_SECRET', fallback: false } });
    expect(entry(parsed, 'PATH').computed).toBe(true);
  });

  it('reports malformed ENV lines without throwing', () => {
    const parsed = parseDockerfile('Dockerfile', 'ENV A=1 oops\nENV B="open\nENV C=3\n');
    expect(parsed.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', '1'],
      ['B', 'open'],
      ['C', '3'],
    ]);
    expect(parsed.diagnostics).toEqual(['Dockerfile:1:9: expected KEY=value in ENV', 'Dockerfile:2:7: unterminated " quote']);
  });

  it('handles CRLF line endings', () => {
    const parsed = parseDockerfile('Dockerfile', 'FROM x\r\nENV A=1 \\\r\n  JWT_SECRET=abc\r\n');
    expect(entry(parsed, 'A').value).toBe('1');
    expect(entry(parsed, 'JWT_SECRET')).toMatchObject({ value: 'abc', valueLoc: { line: 3, column: 14, endColumn: 17 } });
  });
});

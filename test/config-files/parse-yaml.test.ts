import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/config-files/parse-yaml.js';
import { at, entry } from './helpers.js';

describe('parseYaml', () => {
  it('turns nested keys into key paths and locates keys and scalar values', () => {
    const parsed = parseYaml('values.yaml', 'jwt:\n  secret: "abc"\n  ttl: 15m\n  algorithms:\n    - HS256\n    - RS256\n');
    expect(at(entry(parsed, 'jwt.secret'))).toEqual({ key: '2:3', value: '2:11' });
    expect(entry(parsed, 'jwt.secret')).toMatchObject({ key: 'secret', value: 'abc', valueType: 'string', envVar: false });
    expect(entry(parsed, 'jwt.secret').valueLoc).toMatchObject({ endLine: 2, endColumn: 16 });
    expect(entry(parsed, 'jwt.ttl').value).toBe('15m');
    // A sequence item keeps the key that holds the sequence, and is located at the item.
    expect(entry(parsed, 'jwt.algorithms.1')).toMatchObject({ key: 'algorithms', value: 'RS256' });
    expect(at(entry(parsed, 'jwt.algorithms.1'))).toEqual({ key: '6:7', value: '6:7' });
    expect(parsed.diagnostics).toEqual([]);
  });

  it('keeps the scalar types and the written text of numbers and booleans', () => {
    const parsed = parseYaml('config/default.yaml', 'a: 0x1F\nb: true\nc: ~\nd: 1.50\n');
    expect(entry(parsed, 'a')).toMatchObject({ value: '0x1F', valueType: 'number' });
    expect(entry(parsed, 'b')).toMatchObject({ value: 'true', valueType: 'boolean' });
    expect(entry(parsed, 'c')).toMatchObject({ value: '', valueType: 'null' });
    expect(entry(parsed, 'd')).toMatchObject({ value: '1.50', valueType: 'number' });
  });

  it('reads every document of a multi-document file', () => {
    const text = 'jwt:\n  secret: one\n---\nspring:\n  profiles: prod\njwt:\n  secret: two\n';
    const parsed = parseYaml('application.yml', text);
    expect(parsed.documents.map((d) => d.index)).toEqual([0, 1]);
    expect(entry(parsed, 'jwt.secret', 0).value).toBe('one');
    expect(at(entry(parsed, 'jwt.secret', 1))).toEqual({ key: '7:3', value: '7:11' });
    expect(entry(parsed, 'jwt.secret', 1).value).toBe('two');
  });

  it('reads compose environment maps and lists, block and flow', () => {
    const text = [
      'services:',
      '  api:',
      '    image: api',
      '    environment:',
      '      JWT_SECRET: ${JWT_SECRET:-from-map}',
      '  worker:',
      '    build: ./worker',
      '    environment:',
      '      - JWT_SECRET=from-list',
      '      - "JWT_TTL=7d"',
      '  cron:',
      '    image: cron',
      '    environment: ["JWT_SECRET=flow", "EMPTY="]',
      '',
    ].join('\n');
    const parsed = parseYaml('docker-compose.yml', text);
    expect(parsed.documents[0]).toMatchObject({ compose: true });
    const map = entry(parsed, 'services.api.environment.JWT_SECRET');
    expect(map).toMatchObject({ value: 'from-map', envVar: true, interpolation: { name: 'JWT_SECRET', fallback: true } });
    expect(at(map)).toEqual({ key: '5:7', value: '5:33' });
    const list = entry(parsed, 'services.worker.environment.JWT_SECRET');
    expect(list).toMatchObject({ key: 'JWT_SECRET', value: 'from-list', envVar: true });
    expect(at(list)).toEqual({ key: '9:9', value: '9:20' });
    expect(list.valueLoc).toMatchObject({ endLine: 9, endColumn: 29 });
    expect(at(entry(parsed, 'services.worker.environment.JWT_TTL'))).toEqual({ key: '10:10', value: '10:18' });
    expect(entry(parsed, 'services.worker.environment.JWT_TTL').value).toBe('7d');
    expect(at(entry(parsed, 'services.cron.environment.JWT_SECRET'))).toEqual({ key: '13:20', value: '13:31' });
    expect(entry(parsed, 'services.cron.environment.EMPTY').value).toBe('');
  });

  it('expands anchors and merge keys, locating values where they are written', () => {
    const text = 'x-env: &env\n  JWT_SECRET: shared\nservices:\n  a:\n    image: a\n    environment:\n      <<: *env\n      JWT_TTL: 1h\n';
    const parsed = parseYaml('compose.yaml', text);
    const merged = entry(parsed, 'services.a.environment.JWT_SECRET');
    expect(merged).toMatchObject({ value: 'shared', envVar: true });
    expect(at(merged)).toEqual({ key: '2:3', value: '2:15' });
    expect(entry(parsed, 'services.a.environment.JWT_TTL').value).toBe('1h');
  });

  it('decodes Kubernetes Secret data (base64) at the entry line, and keeps stringData as written', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: jwt',
      'data:',
      '  JWT_SECRET: c2VjcmV0LXZhbHVl',
      '  BINARY: /w==',
      'stringData:',
      '  REFRESH_TOKEN_SECRET: plain',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      '  JWT_SECRET: c2VjcmV0LXZhbHVl',
      '',
    ].join('\n');
    const parsed = parseYaml('k8s/jwt.yaml', text);
    expect(parsed.documents.map((d) => d.kubernetesKind)).toEqual(['Secret', 'ConfigMap']);
    const data = entry(parsed, 'data.JWT_SECRET', 0);
    expect(data).toMatchObject({ value: 'secret-value', envVar: true, decoded: { encoding: 'base64', byteLength: 12, binary: false } });
    expect(at(data)).toEqual({ key: '6:3', value: '6:15' });
    expect(entry(parsed, 'data.BINARY', 0)).toMatchObject({ value: '/w==', decoded: { byteLength: 1, binary: true } });
    expect(entry(parsed, 'stringData.REFRESH_TOKEN_SECRET')).toMatchObject({ value: 'plain', envVar: true });
    expect(entry(parsed, 'stringData.REFRESH_TOKEN_SECRET').decoded).toBeUndefined();
    // ConfigMap data is plain text.
    expect(entry(parsed, 'data.JWT_SECRET', 1)).toMatchObject({ value: 'c2VjcmV0LXZhbHVl', envVar: true });
  });

  it('turns container env `- name: X / value: y` into an entry X located at the value line', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - name: JWT_SECRET',
      '              value: "in-manifest"',
      '            - name: FROM_SECRET',
      '              valueFrom:',
      '                secretKeyRef: { name: jwt, key: JWT_SECRET }',
      '',
    ].join('\n');
    const parsed = parseYaml('deploy.yaml', text);
    const env = entry(parsed, 'spec.template.spec.containers.0.env.JWT_SECRET');
    expect(env).toMatchObject({ key: 'JWT_SECRET', value: 'in-manifest', envVar: true });
    expect(at(env)).toEqual({ key: '9:21', value: '10:22' });
    // A reference keeps its parts as ordinary entries.
    expect(entry(parsed, 'spec.template.spec.containers.0.env.1.name').value).toBe('FROM_SECRET');
    expect(entry(parsed, 'spec.template.spec.containers.0.env.1.valueFrom.secretKeyRef.key').value).toBe('JWT_SECRET');
  });

  it('marks GitHub Actions env maps at workflow, job and step level', () => {
    const text = [
      'on: push',
      'env:',
      '  A: 1',
      'jobs:',
      '  build:',
      '    env:',
      '      B: ${{ secrets.B }}',
      '    steps:',
      '      - run: make',
      '        env:',
      '          C: c',
      '',
    ].join('\n');
    const parsed = parseYaml('.github/workflows/ci.yml', text);
    expect(parsed.documents[0]).toMatchObject({ ci: true });
    expect(entry(parsed, 'env.A').envVar).toBe(true);
    expect(entry(parsed, 'jobs.build.env.B')).toMatchObject({ envVar: true, value: '${{ secrets.B }}' });
    expect(entry(parsed, 'jobs.build.steps.0.env.C')).toMatchObject({ envVar: true, value: 'c' });
    expect(at(entry(parsed, 'jobs.build.steps.0.env.C'))).toEqual({ key: '11:11', value: '11:14' });
  });

  it('resolves Spring ${VAR:default} fallbacks and leaves ${VAR} references', () => {
    const parsed = parseYaml('application.yml', 'jwt:\n  secret: ${JWT_SECRET:spring-default}\n  other: ${JWT_OTHER}\n  empty: ${JWT_EMPTY:}\n');
    const secret = entry(parsed, 'jwt.secret');
    expect(secret).toMatchObject({ value: 'spring-default', interpolation: { name: 'JWT_SECRET', fallback: true } });
    expect(at(secret).value).toBe('2:24');
    expect(entry(parsed, 'jwt.other').interpolation).toEqual({ name: 'JWT_OTHER', fallback: false });
    expect(entry(parsed, 'jwt.empty').value).toBe('');
  });

  it('reads block scalars', () => {
    const parsed = parseYaml('values.yaml', 'jwt:\n  privateKey: |\n    -----BEGIN PRIVATE KEY-----\n    MIIE\n    -----END PRIVATE KEY-----\n');
    const key = entry(parsed, 'jwt.privateKey');
    expect(key.value).toBe('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
    expect(key.valueLoc.line).toBe(2);
  });

  it('reads Helm templates by masking {{ ... }} without moving any position', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: {{ include "chart.fullname" . }}-jwt',
      '  labels:',
      '    {{- include "chart.labels" . | nindent 4 }}',
      'data:',
      '  JWT_SECRET: {{ .Values.jwt.secret | b64enc | quote }}',
      '{{- if .Values.extra }}',
      '  EXTRA: eA==',
      '{{- end }}',
      '',
    ].join('\n');
    const parsed = parseYaml('chart/templates/secret.yaml', text);
    expect(parsed.diagnostics).toEqual([]);
    expect(entry(parsed, 'metadata.name').value).toBe('{{ include "chart.fullname" . }}-jwt');
    const secret = entry(parsed, 'data.JWT_SECRET');
    expect(secret.value).toBe('{{ .Values.jwt.secret | b64enc | quote }}');
    expect(at(secret)).toEqual({ key: '8:3', value: '8:15' });
    expect(entry(parsed, 'data.EXTRA')).toMatchObject({ value: 'x', decoded: { byteLength: 1 } });
  });

  it('returns diagnostics for malformed YAML, never throws, and keeps what it could read', () => {
    const parsed = parseYaml('broken.yaml', 'good: 1\nbad: [\n  x: y\n');
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    expect(parsed.diagnostics[0]).toMatch(/^broken\.yaml:\d+:\d+: YAML [A-Z_]+: /);
    expect(entry(parsed, 'good').value).toBe('1');
    expect(() => parseYaml('x.yaml', '\u0000\u0001: [{]}')).not.toThrow();
  });

  it('stops alias expansion bombs with a diagnostic', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    // Counted, not timed: expanded, the nine levels of nine aliases would make 9^9 entries;
    // the parser stops at its alias limit with a diagnostic and keeps fewer than 20,000.
    const parsed = parseYaml('bomb.yaml', lines.join('\n'));
    expect(parsed.diagnostics.some((d) => d.includes('alias'))).toBe(true);
    expect(parsed.entries.length).toBeLessThan(20_000);
  });

  it('survives an alias to its own anchor', () => {
    expect(parseYaml('self.yaml', 'a: &a [*a, 1]\n').diagnostics).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { extractPythonFacts } from '../../../src/lang/python/extract-python.js';
import { loadPythonParser } from '../../../src/lang/python/parse-python.js';

beforeAll(async () => {
  await loadPythonParser();
});

function sites(source: string, file = 'app/auth.py') {
  const { facts } = extractPythonFacts(file, source);
  return facts!;
}

describe('PyJWT adapter', () => {
  it('reads jwt.encode: default HS256, literal key, lifetime from exp', () => {
    const facts = sites('import jwt\nfrom datetime import datetime, timedelta\nK = "k" * 1\ndef f():\n    return jwt.encode({"exp": datetime.utcnow() + timedelta(days=30)}, "literal-key")\n');
    const [site] = facts.callSites;
    expect(site).toMatchObject({ library: 'pyjwt', api: 'jwt.encode', operation: 'sign', signAlgorithm: { kind: 'default', hmacByDefault: true }, key: { kind: 'hmac-secret' } });
    expect(site!.lifetime).toMatchObject({ kind: 'seconds', seconds: 30 * 86400, loc: { line: 5 } });
    expect(facts.secrets).toHaveLength(1);
    expect(facts.secrets[0]).toMatchObject({ hmac: true, material: { route: 'direct', form: 'string' } });
  });

  it('an env key carries its name and read; a fallback is a secret on its line', () => {
    const facts = sites('import os\nimport jwt\nKEY = os.getenv("JWT_SECRET",\n  "dev-fallback")\njwt.encode({"sub": 1}, KEY, algorithm="HS256")\n');
    const [site] = facts.callSites;
    expect(site!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['JWT_SECRET'], envReads: [{ name: 'JWT_SECRET', loc: { line: 3 } }] });
    expect(site!.lifetime).toEqual({ kind: 'absent' });
    expect(facts.secrets[0]!.material).toMatchObject({ route: 'env-fallback', envName: 'JWT_SECRET', loc: { line: 4 } });
  });

  it('reads jwt.decode options, audience, issuer and leeway', () => {
    const facts = sites('import jwt\nfrom datetime import timedelta\ndef f(t, k):\n    return jwt.decode(t, k, algorithms=["RS256"], issuer="me",\n      options={"verify_exp": False}, leeway=timedelta(minutes=10))\n');
    const [site] = facts.callSites;
    expect(site).toMatchObject({ operation: 'verify', audience: 'absent', issuer: 'present', verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }] } });
    expect(site!.expiry?.ignoreExpiration).toMatchObject({ line: 5 });
    expect(site!.expiry?.clockTolerance).toMatchObject({ seconds: 600 });
    expect(site!.key).toMatchObject({ kind: 'unknown', fromParameter: true });
  });

  it('a decode without algorithms is unpinned; algorithms from the header are from-token', () => {
    const facts = sites('import jwt, os\nK = os.environ["JWT_SECRET"]\ndef f(t):\n    jwt.decode(t, K)\n    h = jwt.get_unverified_header(t)\n    jwt.decode(t, K, algorithms=[h["alg"]])\n');
    const [unpinned, header, fromToken] = facts.callSites;
    expect(unpinned!.verifyAlgorithms).toEqual({ kind: 'default', hmacByDefault: true });
    expect(header).toMatchObject({ operation: 'decode', decode: { headerOnly: true } });
    expect(fromToken!.verifyAlgorithms!.kind).toBe('from-token');
  });

  it('verify_signature False and 1.x verify=False are decodes; the token source is followed to the request', () => {
    const facts = sites('import jwt\nfrom flask import request\ndef f():\n    t = request.headers["Authorization"].split(" ")[1]\n    jwt.decode(t, options={"verify_signature": False})\n    jwt.decode(t, "k", False)\n');
    const [a, b] = facts.callSites;
    expect(a).toMatchObject({ operation: 'decode', decode: { headerOnly: false, verifiedInScope: false, manual: false, tokenSource: 'request' } });
    expect(b).toMatchObject({ operation: 'decode' });
  });

  it('jwt bound to anything but PyJWT is not read; from-imports and aliases are', () => {
    expect(sites('from jose import jwt\njwt.encode({}, "k")\n').callSites.filter((s) => s.library === 'pyjwt')).toHaveLength(0);
    expect(sites('import my_jwt as jwt\njwt.encode({}, "k")\n').callSites).toHaveLength(0);
    expect(sites('import jwt as pyjwt\npyjwt.encode({}, "k")\n').callSites).toHaveLength(1);
    expect(sites('from jwt import encode as sign\nsign({}, "k")\n').callSites).toHaveLength(1);
  });

  it('marks pytest files as test code and reports a broken file without throwing', () => {
    expect(sites('import jwt\n', 'tests/test_auth.py').isTest).toBe(true);
    expect(sites('import jwt\n', 'app/auth_test.py').isTest).toBe(true);
    expect(sites('import jwt\n', 'app/auth.py').isTest).toBe(false);
    const broken = extractPythonFacts('bad.py', 'import jwt\ndef f(:\n  jwt.encode({}, "k")\n');
    expect(broken.problem).toMatchObject({ fatal: false });
    expect(broken.problem!.message).toMatch(/line 2/);
  });
});

describe('PyJWT instances, decode_complete and PyJWKClient', () => {
  it('reads jwt.PyJWT() instances and decode_complete; PyJWS checks no claims', () => {
    const facts = sites('import jwt\n_jwt = jwt.PyJWT()\n_jws = jwt.PyJWS()\ndef f(t, k):\n    _jwt.decode(t, k, algorithms=["HS256"])\n    jwt.decode_complete(t, k)\n    _jws.decode(t, k, algorithms=["HS256"])\n');
    const [inst, complete, jws] = facts.callSites;
    expect(inst).toMatchObject({ operation: 'verify', audience: 'absent', verifyAlgorithms: { kind: 'explicit' } });
    expect(complete).toMatchObject({ api: 'jwt.decode_complete', verifyAlgorithms: { kind: 'default' } });
    expect(jws).toMatchObject({ audience: 'unknown', issuer: 'unknown' });
  });

  it('a PyJWKClient signing key is a remote key set, with the URL as origin', () => {
    const facts = sites('import os\nimport jwt\nfrom jwt import PyJWKClient\nclient = PyJWKClient(os.environ["JWKS_URL"])\ndef f(t):\n    signing_key = client.get_signing_key_from_jwt(t)\n    return jwt.decode(t, signing_key.key, algorithms=["RS256"], audience="api")\n');
    expect(facts.callSites[0]!.key).toMatchObject({ kind: 'jwks', origin: 'env:JWKS_URL' });
  });
});

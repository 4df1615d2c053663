import { beforeAll, describe, expect, it } from 'vitest';
import type { LanguageSources } from '../../../src/lang/front-end.js';
import { extractPythonFacts } from '../../../src/lang/python/extract-python.js';
import { moduleCache } from '../../../src/lang/python/modules.js';
import { loadPythonParser, pythonMayMatter } from '../../../src/lang/python/parse-python.js';

beforeAll(async () => {
  await loadPythonParser();
});

function sourcesOf(files: Record<string, string>): LanguageSources {
  const paths = Object.keys(files).sort();
  return { paths, text: (p) => files[p] };
}

function extract(source: string, file = 'app/auth.py', others: Record<string, string> = {}) {
  const files = { ...others, [file]: source };
  return extractPythonFacts(file, source, undefined, sourcesOf(files));
}

describe('coverage and prefilter', () => {
  it('lists every known JWT library a file imports, modelled or not', () => {
    const r = extract('import jwt\nfrom jose import jws\nfrom authlib.jose import JsonWebToken\nfrom jwcrypto import jwk\nfrom fastapi_jwt_auth import AuthJWT\nfrom authlib.integrations.flask_client import OAuth\nimport itsdangerous\n');
    expect(r.libraries).toEqual(
      expect.arrayContaining([
        { name: 'PyJWT', modelled: true },
        { name: 'python-jose', modelled: true },
        { name: 'Authlib', modelled: true },
        { name: 'jwcrypto', modelled: false },
        { name: 'fastapi-jwt-auth', modelled: true },
        { name: 'Authlib (OAuth client and server integrations)', modelled: false },
      ]),
    );
    expect(r.libraries).toHaveLength(6);
  });

  it('the prefilter keeps library imports and settings modules, and drops the rest', () => {
    expect(pythonMayMatter('from jose import jwt\n')).toBe(true);
    expect(pythonMayMatter('import os, jwt\n')).toBe(true);
    expect(pythonMayMatter('from authlib.jose import jwt\n')).toBe(true);
    expect(pythonMayMatter('from flask_jwt_extended import JWTManager\n')).toBe(true);
    expect(pythonMayMatter('SIMPLE_JWT = {\n  "ALGORITHM": "HS256"}\n')).toBe(true);
    expect(pythonMayMatter('class Config:\n    JWT_SECRET_KEY = "x"\n')).toBe(true);
    expect(pythonMayMatter('from itsdangerous import URLSafeTimedSerializer\n')).toBe(false);
    expect(pythonMayMatter('import jwt_utils\nfrom josepy_like import x\n')).toBe(false);
    expect(pythonMayMatter('SECRET_KEY = "django-insecure"\nINSTALLED_APPS = []\n')).toBe(false);
  });
});

describe('python-jose', () => {
  it('encode defaults to HS256; decode without algorithms is unpinned, without audience unchecked', () => {
    const { facts } = extract('from jose import jwt\nimport os\nK = os.environ["JWT_SECRET"]\ndef f(t):\n    jwt.encode({"sub": "1"}, K)\n    return jwt.decode(t, K)\n');
    const [sign, verify] = facts!.callSites;
    expect(sign).toMatchObject({ library: 'python-jose', operation: 'sign', signAlgorithm: { kind: 'default', hmacByDefault: true }, lifetime: { kind: 'absent' }, key: { kind: 'hmac-secret', envNames: ['JWT_SECRET'] } });
    expect(verify).toMatchObject({ operation: 'verify', verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent' });
  });

  it('reads options, audience, issuer and leeway; unverified claims are decodes', () => {
    const { facts } = extract('from jose import jwt\nfrom fastapi import Request\ndef f(request: Request, k):\n    t = request.headers["Authorization"]\n    jwt.get_unverified_claims(t)\n    jwt.decode(t, k, algorithms="RS256", audience="api", issuer="me",\n      options={"verify_exp": False, "leeway": 600})\n    jwt.decode(t, k, options={"verify_signature": False})\n    jwt.get_unverified_header(t)\n');
    const [claims, verify, unverified, header] = facts!.callSites;
    expect(claims).toMatchObject({ operation: 'decode', api: 'jwt.get_unverified_claims', decode: { headerOnly: false, tokenSource: 'request' } });
    expect(verify).toMatchObject({ audience: 'present', issuer: 'present', verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256' }] } });
    expect(verify!.expiry!.ignoreExpiration).toMatchObject({ line: 7 });
    expect(verify!.expiry!.clockTolerance).toMatchObject({ seconds: 600, loc: { line: 7 } });
    expect(unverified).toMatchObject({ operation: 'decode' });
    expect(header).toMatchObject({ operation: 'decode', decode: { headerOnly: true } });
  });

  it('is told apart from PyJWT by its import', () => {
    const { facts } = extract('import jwt\nfrom jose import jwt as jose_jwt\njose_jwt.encode({}, "k")\njwt.encode({}, "k")\n');
    expect(facts!.callSites.map((s) => s.library)).toEqual(['python-jose', 'pyjwt']);
  });
});

describe('Authlib', () => {
  it('the default jwt instance is unpinned; JsonWebToken([...]) pins', () => {
    const { facts } = extract('from authlib.jose import jwt, JsonWebToken\nimport os\nK = os.environ["K"]\nstrict = JsonWebToken(["RS256"])\ndef a(t):\n    c = jwt.decode(t, K)\n    c.validate()\n    return c["sub"]\ndef b(t, pub):\n    c = strict.decode(t, pub, claims_options={"aud": {"essential": True, "value": "api"}, "iss": {"essential": True}})\n    c.validate(leeway=3600)\n    return c["sub"]\n');
    const [a, b] = facts!.callSites;
    expect(a).toMatchObject({ library: 'authlib', verifyAlgorithms: { kind: 'default', hmacByDefault: true }, audience: 'absent', issuer: 'absent', expiry: {} });
    expect(b).toMatchObject({ verifyAlgorithms: { kind: 'explicit', values: [{ name: 'RS256', loc: { line: 4 } }] }, audience: 'present', issuer: 'absent' });
    expect(b!.expiry!.clockTolerance).toMatchObject({ seconds: 3600 });
  });

  it('claims never validated do not enforce expiry; claims handed back may be validated by the caller', () => {
    const { facts } = extract('from authlib.jose import jwt\ndef a(t, k):\n    c = jwt.decode(t, k)\n    return c["sub"]\ndef b(t, k):\n    return jwt.decode(t, k)\n');
    const [a, b] = facts!.callSites;
    expect(a!.expiry!.claimsNotValidated).toMatchObject({ line: 3 });
    expect(a).toMatchObject({ audience: 'absent', issuer: 'absent' });
    expect(b).toMatchObject({ audience: 'unknown', issuer: 'unknown', expiry: {} });
  });

  it('encode takes the algorithm from the header', () => {
    const { facts } = extract('from authlib.jose import jwt\nimport time\ndef f(k):\n    return jwt.encode({"alg": "HS256"}, {"sub": "1", "exp": int(time.time()) + 3600}, k)\n');
    expect(facts!.callSites[0]).toMatchObject({ operation: 'sign', signAlgorithm: { kind: 'explicit', values: [{ name: 'HS256' }] }, lifetime: { kind: 'seconds', seconds: 3600 } });
  });
});

describe('Flask-JWT-Extended', () => {
  it('JWTManager reads app.config: key, defaults, missing audience and issuer', () => {
    const { facts } = extract('import os\nfrom flask import Flask\nfrom flask_jwt_extended import JWTManager\napp = Flask(__name__)\napp.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]\njwt = JWTManager(app)\n', 'app/main.py');
    const [site] = facts!.callSites;
    expect(site).toMatchObject({ library: 'flask-jwt-extended', api: 'JWTManager', operation: 'configure', loc: { line: 6 }, key: { kind: 'hmac-secret', envNames: ['JWT_SECRET_KEY'] }, signAlgorithm: { kind: 'default', hmacByDefault: true }, verifyAlgorithms: { kind: 'explicit' }, audience: 'absent', issuer: 'absent', lifetime: { kind: 'seconds', seconds: 900 } });
  });

  it('reads a config class in another module, JWT_ACCESS_TOKEN_EXPIRES False and the SECRET_KEY fallback', () => {
    const config = 'import os\nfrom datetime import timedelta\nclass Config:\n    SECRET_KEY = os.getenv("SECRET_KEY", "dev-secret-value")\n    JWT_ACCESS_TOKEN_EXPIRES = False\n    JWT_DECODE_AUDIENCE = "api"\n';
    const app = 'from flask import Flask\nfrom flask_jwt_extended import JWTManager\nfrom .config import Config\napp = Flask(__name__)\napp.config.from_object(Config)\njwt = JWTManager(app)\n';
    const { facts } = extract(app, 'svc/app.py', { 'svc/config.py': config });
    const [site] = facts!.callSites;
    expect(site).toMatchObject({ lifetime: { kind: 'absent' }, audience: 'present', issuer: 'absent', key: { kind: 'hmac-secret', envNames: ['SECRET_KEY'] } });
    expect(facts!.secrets[0]!.material).toMatchObject({ route: 'env-fallback', loc: { file: 'svc/config.py', line: 4 } });
  });

  it('create_access_token(expires_delta=False) and decode_token(allow_expired=True)', () => {
    const { facts } = extract('from flask_jwt_extended import create_access_token, decode_token\ndef f(u, t):\n    create_access_token(identity=u, expires_delta=False)\n    return decode_token(t, allow_expired=True)\n');
    const [sign, decode] = facts!.callSites;
    expect(sign).toMatchObject({ operation: 'sign', lifetime: { kind: 'absent' }, loc: { line: 3 } });
    expect(decode!.expiry!.ignoreExpiration).toMatchObject({ line: 4 });
  });

  it('a config module alone: secret, lifetime and algorithm are judged where written', () => {
    const { facts } = extract('from datetime import timedelta\nclass Config:\n    JWT_SECRET_KEY = "super-secret"\n    JWT_ACCESS_TOKEN_EXPIRES = timedelta(days=30)\n    JWT_ALGORITHM = "HS512"\n', 'config.py');
    expect(facts!.secrets[0]!.material).toMatchObject({ loc: { line: 3 } });
    expect(facts!.lifetimes).toEqual([expect.objectContaining({ seconds: 30 * 86400, loc: expect.objectContaining({ line: 4 }) })]);
    expect(facts!.algorithmSettings).toEqual([expect.objectContaining({ name: 'HS512', loc: expect.objectContaining({ line: 5 }) })]);
  });
});

describe('SimpleJWT and djangorestframework-jwt', () => {
  it('SIMPLE_JWT without SIGNING_KEY signs with SECRET_KEY; defaults pin HS256 and last 5 minutes', () => {
    const { facts, libraries } = extract('SECRET_KEY = "django-insecure-abcdefghijklmnopqrstuvwxyz0123456789"\nSIMPLE_JWT = {\n    "ACCESS_TOKEN_LIFETIME": timedelta(days=7),\n}\n', 'proj/settings.py');
    const [site] = facts!.callSites;
    expect(site).toMatchObject({ library: 'djangorestframework-simplejwt', loc: { line: 2 }, audience: 'absent', issuer: 'absent', lifetime: { kind: 'seconds', seconds: 7 * 86400, loc: { line: 3 } }, key: { kind: 'hmac-secret' } });
    expect(facts!.secrets[0]!.material.loc.line).toBe(1);
    expect(libraries).toContainEqual({ name: 'djangorestframework-simplejwt', modelled: true });
  });

  it('SIGNING_KEY, ALGORITHM, AUDIENCE and LEEWAY', () => {
    const { facts } = extract('import os\nSIMPLE_JWT = {\n    "SIGNING_KEY": os.environ["JWT_KEY"],\n    "ALGORITHM": "HS512",\n    "AUDIENCE": "api",\n    "ISSUER": None,\n    "LEEWAY": 900,\n}\n', 'proj/settings.py');
    const [site] = facts!.callSites;
    expect(site).toMatchObject({ key: { envNames: ['JWT_KEY'] }, signAlgorithm: { kind: 'explicit', values: [{ name: 'HS512', loc: { line: 4 } }] }, audience: 'present', issuer: 'absent', expiry: { clockTolerance: { seconds: 900 } } });
  });

  it('a SIMPLE_JWT dict inside a function or class is no settings module', () => {
    const { facts } = extract('def test_x(settings):\n    SIMPLE_JWT = {"ALGORITHM": "HS256"}\n', 'proj/tests.py');
    expect(facts!.callSites).toHaveLength(0);
  });

  it('JWT_AUTH with JWT_VERIFY False and JWT_VERIFY_EXPIRATION False', () => {
    const { facts } = extract('JWT_AUTH = {\n    "JWT_SECRET_KEY": "k",\n    "JWT_VERIFY": False,\n    "JWT_VERIFY_EXPIRATION": False,\n}\n', 'proj/settings.py');
    expect(facts!.callSites[0]).toMatchObject({ library: 'djangorestframework-jwt', expiry: { ignoreExpiration: { line: 4 } } });
    expect(facts!.disabledChecks).toEqual([expect.objectContaining({ check: 'signature', loc: expect.objectContaining({ line: 3 }) })]);
  });
});

describe('values from other modules', () => {
  it('from .config import SECRET_KEY; a literal there is the secret, on its line', () => {
    const { facts } = extract('import jwt\nfrom .config import SECRET_KEY\njwt.encode({"sub": 1}, SECRET_KEY, algorithm="HS256")\n', 'app/auth.py', { 'app/config.py': 'SECRET_KEY = "literal-in-config-module"\n' });
    expect(facts!.secrets[0]!.material).toMatchObject({ route: 'import', loc: { file: 'app/config.py', line: 1 } });
  });

  it('pydantic BaseSettings defaults: the env var, with the literal as fallback', () => {
    const config = 'from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    SECRET_KEY: str = "changethis"\n    ALGORITHM: str = "HS256"\n    model_config = SettingsConfigDict(env_prefix="APP_")\nsettings = Settings()\n';
    const { facts } = extract('from jose import jwt\nfrom app.core.config import settings\ndef f(t):\n    return jwt.decode(t, settings.SECRET_KEY, algorithms=[settings.ALGORITHM])\n', 'app/api/deps.py', { 'app/core/config.py': config });
    const [site] = facts!.callSites;
    expect(site!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['APP_SECRET_KEY'] });
    expect(facts!.secrets[0]!.material).toMatchObject({ route: 'env-fallback', envName: 'APP_SECRET_KEY', loc: { file: 'app/core/config.py', line: 3 } });
    expect(site!.verifyAlgorithms).toMatchObject({ kind: 'unknown' });
  });

  it('from app.core import config + config.SECRET_KEY, and a required field without default', () => {
    const config = 'from pydantic import BaseSettings\nclass S(BaseSettings):\n    SECRET_KEY: str\nsettings = S()\nJWT_KEY = "module-level-literal-key"\n';
    const { facts } = extract('import jwt\nfrom app.core import config\ndef f(t):\n    jwt.decode(t, config.settings.SECRET_KEY, algorithms=["HS256"])\n    jwt.decode(t, config.JWT_KEY, algorithms=["HS256"])\n', 'app/auth.py', { 'app/core/config.py': config });
    const [a, b] = facts!.callSites;
    expect(a!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['SECRET_KEY'] });
    expect(b!.key).toMatchObject({ kind: 'hmac-secret', material: { loc: { file: 'app/core/config.py', line: 5 } } });
  });

  it('Django settings through django.conf, django-environ and decouple defaults', () => {
    const settings = 'import environ\nenv = environ.Env()\nSECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-default-value")\n';
    const { facts } = extract('import jwt\nfrom django.conf import settings\ndef f(t):\n    return jwt.decode(t, settings.SECRET_KEY, algorithms=["HS256"])\n', 'accounts/auth.py', { 'proj/settings/base.py': settings });
    expect(facts!.callSites[0]!.key).toMatchObject({ envNames: ['DJANGO_SECRET_KEY'] });
    expect(facts!.secrets[0]!.material).toMatchObject({ route: 'env-fallback', loc: { file: 'proj/settings/base.py', line: 3 } });
    const d = extract('import jwt\nfrom decouple import config\nK = config("JWT_SECRET", default="decouple-default")\njwt.encode({}, K)\n');
    expect(d.facts!.secrets[0]!.material).toMatchObject({ route: 'env-fallback', envName: 'JWT_SECRET' });
  });
});

describe('environment readers', () => {
  it('Starlette Config and environs Env, also when built in another module', () => {
    const config = 'from starlette.config import Config\nconfig = Config(".env")\nJWT_SECRET = config("APP_JWT_SECRET", default="starlette-default")\n';
    const { facts } = extract('from jose import jwt\nfrom app.config import JWT_SECRET\ndef f(t):\n    return jwt.decode(t, JWT_SECRET)\n', 'app/auth.py', { 'app/config.py': config });
    expect(facts!.callSites[0]!.key).toMatchObject({ kind: 'hmac-secret', envNames: ['APP_JWT_SECRET'] });
    expect(facts!.secrets[0]!.material).toMatchObject({ route: 'env-fallback', loc: { file: 'app/config.py', line: 3 } });
    const e = extract('import jwt\nfrom environs import Env\nenv = Env()\nK = env.str("JWT_KEY")\njwt.encode({}, K)\n');
    expect(e.facts!.callSites[0]!.key).toMatchObject({ envNames: ['JWT_KEY'] });
    const other = extract('import jwt\nfrom mylib import Env\nenv = Env()\nK = env.str("JWT_KEY")\njwt.encode({}, K)\n');
    expect(other.facts!.callSites[0]!.key).toMatchObject({ envNames: [] });
  });
});

describe('module cache', () => {
  it('parses each module once per run, and star-import cycles stay bounded', () => {
    const files: Record<string, string> = {
      'app/a.py': 'from .b import *\nfrom .c import *\n',
      'app/b.py': 'from .a import *\nfrom .c import *\n',
      'app/c.py': 'from .a import *\nfrom .b import *\nKEY = "from-a-star-import-cycle"\n',
      'app/auth.py': 'import jwt\nfrom .a import *\nfrom .b import *\ndef f(t):\n    return jwt.decode(t, NOPE, algorithms=["HS256"])\ndef g(t):\n    return jwt.decode(t, KEY, algorithms=["HS256"])\n',
    };
    const sources = sourcesOf(files);
    const first = extractPythonFacts('app/auth.py', files['app/auth.py']!, undefined, sources);
    expect(first.facts!.callSites[0]!.key).toMatchObject({ kind: 'unknown' });
    expect(first.facts!.callSites[1]!.key).toMatchObject({ kind: 'hmac-secret', material: { loc: { file: 'app/c.py', line: 3 } } });
    const cached = moduleCache.has('app/c.py');
    expect(cached).toBeTruthy();
    extractPythonFacts('app/c.py', files['app/c.py']!, undefined, sources);
    expect(moduleCache.has('app/c.py')).toBe(cached);
    // A new run (another sources object) starts a new cache.
    extractPythonFacts('app/auth.py', files['app/auth.py']!, undefined, sourcesOf(files));
    expect(moduleCache.has('app/c.py')).not.toBe(cached);
  });
});

describe('lifetimes from environment defaults', () => {
  it('a timedelta fed by env(..., default=N) is judged on the default line', () => {
    const { facts } = extract('import environ\nenv = environ.Env()\nTTL = env("JWT_TTL_SECONDS", default=60 * 60 * 24 * 7)\nJWT_AUTH = {\n    "JWT_SECRET_KEY": env("JWT_SECRET_KEY"),\n    "JWT_EXPIRATION_DELTA": timedelta(seconds=TTL),\n}\n', 'proj/settings.py');
    expect(facts!.callSites[0]!.lifetime).toMatchObject({ kind: 'seconds', seconds: 7 * 86400, loc: { line: 3 } });
  });
});

describe('Flask app factories', () => {
  it('reads every class of config_by_name[...] and both sides of `or`', () => {
    const config = 'import os\nfrom datetime import timedelta\nclass Base:\n    JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\nclass Dev(Base):\n    JWT_ACCESS_TOKEN_EXPIRES = timedelta(days=3)\nclass Prod(Base):\n    JWT_DECODE_ISSUER = "auth"\nconfig_by_name = {"dev": Dev, "prod": Prod}\n';
    const app = 'from flask import Flask\nfrom flask_jwt_extended import JWTManager\nfrom .config import config_by_name, Prod\njwt = JWTManager()\ndef create_app(name):\n    app = Flask(__name__)\n    app.config.from_object(config_by_name[name])\n    jwt.init_app(app)\n    return app\n';
    const { facts } = extract(app, 'svc/app.py', { 'svc/config.py': config });
    expect(facts!.callSites[0]).toMatchObject({ key: { envNames: ['JWT_SECRET_KEY'] }, issuer: 'present', audience: 'absent', lifetime: { kind: 'seconds', seconds: 3 * 86400, loc: { file: 'svc/config.py', line: 6 } } });
    const other = extract(app.replace('from_object(config_by_name[name])', 'from_object(name or Prod)'), 'svc/app.py', { 'svc/config.py': config });
    expect(other.facts!.callSites[0]).toMatchObject({ issuer: 'present', lifetime: { kind: 'seconds', seconds: 900 } });
  });
});

describe('Authlib individual validators', () => {
  it('validate_exp checks expiry only; validate_iss checks the issuer option', () => {
    const { facts } = extract('from authlib.jose import JsonWebToken\nimport time\njwt = JsonWebToken(["RS256"])\ndef f(t, k):\n    c = jwt.decode(t, k, claims_options={"iss": {"value": "auth"}, "aud": {"value": "api"}})\n    c.validate_exp(time.time(), 7200)\n    c.validate_iss()\n    return c["sub"]\n');
    expect(facts!.callSites[0]).toMatchObject({ audience: 'absent', issuer: 'present', expiry: { clockTolerance: { seconds: 7200 } } });
    expect(facts!.callSites[0]!.expiry!.claimsNotValidated).toBeUndefined();
  });
});

describe('fastapi-jwt-auth', () => {
  it('reads the settings model of @AuthJWT.load_config', () => {
    const { facts } = extract('from datetime import timedelta\nfrom fastapi_jwt_auth import AuthJWT\nfrom pydantic import BaseModel\nclass Settings(BaseModel):\n    authjwt_secret_key: str = "fastapi-jwt-auth-literal-secret"\n    authjwt_access_token_expires: timedelta = timedelta(days=2)\n    authjwt_decode_audience: str = "api"\n@AuthJWT.load_config\ndef get_config():\n    return Settings()\ndef login(Authorize):\n    return Authorize.create_access_token(subject="u", expires_time=False)\n', 'app/main.py');
    const [config, sign] = facts!.callSites;
    expect(config).toMatchObject({ library: 'fastapi-jwt-auth', loc: { line: 8 }, audience: 'present', issuer: 'absent', signAlgorithm: { kind: 'default' }, lifetime: { kind: 'seconds', seconds: 2 * 86400, loc: { line: 6 } }, key: { kind: 'hmac-secret' } });
    expect(facts!.secrets[0]!.material.loc.line).toBe(5);
    expect(sign).toMatchObject({ lifetime: { kind: 'absent' }, loc: { line: 12 } });
  });
});

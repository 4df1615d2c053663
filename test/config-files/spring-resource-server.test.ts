import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config-files/parse.js';
import { springResourceServers } from '../../src/config-files/spring-resource-server.js';
import { scanFiles } from '../helpers/scan.js';

function configs(files: Record<string, string>) {
  return Object.entries(files).map(([path, text]) => ({ path, parsed: parseConfigText(path, path.endsWith('.properties') ? 'properties' : 'yaml', text) }));
}

const YAML = 'spring:\n  security:\n    oauth2:\n      resourceserver:\n        jwt:\n';

describe('Spring Boot resource server properties', () => {
  it('jwk-set-uri is a pinned key-set verifier on its key line; issuer-uri checks the issuer; no audiences is no audience check', () => {
    const out = springResourceServers(configs({ 'svc/src/main/resources/application.yml': `${YAML}          issuer-uri: https://idp\n          jwk-set-uri: \${JWKS_URI}\n          jws-algorithms: ES256\n` }), []);
    const [site] = out.get('svc/src/main/resources/application.yml')!;
    expect(site).toMatchObject({ verifies: true, signs: false, loc: { line: 7 }, audience: 'absent', issuer: 'present', key: { kind: 'jwks', origin: 'env:JWKS_URI', envNames: ['JWKS_URI'] } });
    expect(site!.verifyAlgorithms).toMatchObject({ kind: 'explicit', values: [{ name: 'ES256', loc: { line: 8 } }] });
  });

  it('profiles of one module are read together; relaxed names and indexed audiences count', () => {
    const out = springResourceServers(
      configs({
        'src/main/resources/application.properties': 'spring.security.oauth2.resourceserver.jwt.jwkSetUri=https://idp/jwks\n',
        'src/main/resources/application-prod.properties': 'spring.security.oauth2.resourceserver.jwt.audiences[0]=orders\n',
      }),
      [],
    );
    expect(out.get('src/main/resources/application.properties')![0]).toMatchObject({ audience: 'present', issuer: 'absent', key: { origin: 'url:https://idp/jwks' }, verifyAlgorithms: { values: [{ name: 'RS256' }] } });
    // The profile that sets only audiences configures no verifier of its own.
    expect(out.has('src/main/resources/application-prod.properties')).toBe(false);
  });

  it('a module whose code builds its own JwtDecoder gets no record; another module keeps its own; other prefixes are not read', () => {
    const files = configs({
      'a/src/main/resources/application.yml': `${YAML}          jwk-set-uri: https://idp/jwks\n`,
      'b/src/main/resources/application.yml': `${YAML}          jwk-set-uri: https://idp/jwks\n`,
      'c/src/main/resources/application.yml': 'spring:\n  security:\n    oauth2:\n      client:\n        provider:\n          idp:\n            jwk-set-uri: https://idp/jwks\n',
      'd/src/main/resources/settings.yml': `${YAML}          jwk-set-uri: https://idp/jwks\n`,
      // Test resources of the module whose code builds the decoder (found on SaundersCox/taskolotl-backend).
      'a/src/test/resources/application.yml': `${YAML}          issuer-uri: https://accounts.google.com\n`,
    });
    const out = springResourceServers(files, ['a/src/main/java/app/SecurityConfig.java']);
    expect([...out.keys()]).toEqual(['b/src/main/resources/application.yml']);
  });

  it('scanned: two services verifying against one key set without audiences are each high (the estate sees both verifiers)', async () => {
    const yml = `${YAML}          issuer-uri: https://idp\n          jwk-set-uri: https://idp/jwks\n`;
    const result = await scanFiles({
      'orders/pom.xml': '<project><artifactId>orders</artifactId></project>\n',
      'orders/src/main/resources/application.yml': yml,
      'billing/pom.xml': '<project><artifactId>billing</artifactId></project>\n',
      'billing/src/main/resources/application.yml': yml,
    });
    const lines = result.findings.map((f) => `${f.location.file}:${f.location.line}:${f.ruleId}:${f.severity}`).sort();
    expect(lines).toEqual(['billing/src/main/resources/application.yml:7:missing-audience:high', 'orders/src/main/resources/application.yml:7:missing-audience:high']);
  });
});

// Values copied from READMEs, tutorials and framework docs. Compared after lower-casing and
// dropping separators, so `super_secret` and `Super-Secret` match `supersecret`.
const KNOWN_DEFAULTS = new Set(
  [
    'secret',
    'secretkey',
    'secret-key',
    'mysecret',
    'mysecretkey',
    'my-secret-key',
    'your-secret-key',
    'yoursecretkey',
    'your-secret',
    'your_jwt_secret',
    'your-jwt-secret',
    'jwtsecret',
    'jwt-secret',
    'jwt-secret-key',
    'jwt_private_key',
    'shhhhh',
    'shhhhhhared-secret',
    'changeme',
    'change-me',
    'changeit',
    'changethis',
    'change-this-secret',
    'your-256-bit-secret',
    'supersecret',
    'super-secret-key',
    'topsecret',
    'keyboard cat',
    'secret123',
    'password',
    'default',
    'development',
    'dev-secret',
    'test-secret',
    's3cr3t',
    'DO NOT USE THIS VALUE. INSTEAD, CREATE A COMPLEX SECRET AND KEEP IT SAFE OUTSIDE OF THE SOURCE CODE.',
  ].map(normalise),
);

function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s._-]+/g, '');
}


/** True for values copied from READMEs, tutorials and framework docs (CWE-1394). */
export function isKnownDefaultSecret(text: string): boolean {
  return KNOWN_DEFAULTS.has(normalise(text));
}

// The size of an RSA key written in the repository, for RFC 7518 §3.3 (RS*/PS* keys must be
// 2048 bits or larger). Node's own key parser reads the PEM or JWK: parsing data, never
// running it; anything it cannot read (an encrypted PEM, a truncated key) measures nothing.
import { createPrivateKey, type KeyObject } from 'node:crypto';

/** Modulus length in bits of an RSA private key given as PEM or as a JWK's JSON text; null when not an RSA key or unreadable. */
export function rsaModulusBits(text: string): number | null {
  let key: KeyObject;
  try {
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as { kty?: unknown };
      if (jwk.kty !== 'RSA') return null;
      key = createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    } else if (trimmed.startsWith('-----BEGIN') && !trimmed.includes('ENCRYPTED')) {
      key = createPrivateKey({ key: trimmed, format: 'pem' });
    } else {
      return null;
    }
  } catch {
    return null;
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return null;
  return key.asymmetricKeyDetails?.modulusLength ?? null;
}

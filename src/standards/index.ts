// Standards referenced by rule metadata. Titles are copied from the primary sources named in
// ../shared/STANDARDS.md; ids are typed so a rule cannot cite one that does not exist here.

export const NHI = {
  NHI2: { title: 'Secret Leakage', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/2-secret-leakage/' },
  NHI4: { title: 'Insecure Authentication', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/4-insecure-authentication/' },
  NHI6: { title: 'Insecure Cloud Deployment Configurations', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/6-insecure-cloud-deployment-configurations/' },
  NHI7: { title: 'Long-Lived Secrets', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/' },
  NHI8: { title: 'Environment Isolation', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/8-environment-isolation/' },
  NHI9: { title: 'NHI Reuse', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/9-nhi-reuse/' },
} as const;
// NHI1, NHI3, NHI5 and NHI10 cannot be shown from code alone, so they are not claimable here.

export const CSF = {
  'PR.AA-01': 'Identities and credentials for authorized users, services, and hardware are managed by the organization',
  'PR.AA-03': 'Users, services, and hardware are authenticated',
  'PR.AA-04': 'Identity assertions are protected, conveyed, and verified',
  'PR.AA-05':
    'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
  'PR.DS-01': 'The confidentiality, integrity, and availability of data-at-rest are protected',
  'PR.DS-10': 'The confidentiality, integrity, and availability of data-in-use are protected',
  'PR.PS-01': 'Configuration management practices are established and applied',
  'PR.PS-02': 'Software is maintained, replaced, and removed commensurate with risk',
  'PR.PS-04': 'Log records are generated and made available for continuous monitoring',
  'PR.IR-01': 'Networks and environments are protected from unauthorized logical access and usage',
  'ID.RA-01': 'Vulnerabilities in assets are identified, validated, and recorded',
} as const;

export const CWE = {
  'CWE-260': 'Password in Configuration File',
  'CWE-321': 'Use of Hard-coded Cryptographic Key',
  'CWE-326': 'Inadequate Encryption Strength',
  'CWE-327': 'Use of a Broken or Risky Cryptographic Algorithm',
  'CWE-331': 'Insufficient Entropy',
  'CWE-345': 'Insufficient Verification of Data Authenticity',
  'CWE-347': 'Improper Verification of Cryptographic Signature',
  'CWE-522': 'Insufficiently Protected Credentials',
  'CWE-532': 'Insertion of Sensitive Information into Log File',
  'CWE-613': 'Insufficient Session Expiration',
  'CWE-653': 'Improper Isolation or Compartmentalization',
  'CWE-757': "Selection of Less-Secure Algorithm During Negotiation ('Algorithm Downgrade')",
  'CWE-798': 'Use of Hard-coded Credentials',
  'CWE-863': 'Incorrect Authorization',
  'CWE-922': 'Insecure Storage of Sensitive Information',
  'CWE-1188': 'Initialization of a Resource with an Insecure Default',
  'CWE-1394': 'Use of Default Cryptographic Key',
} as const;

export type NhiId = keyof typeof NHI;
export type CsfId = keyof typeof CSF;
export type CweId = keyof typeof CWE;

export function cweNumber(id: CweId): string {
  return id.slice('CWE-'.length);
}

export function cweUrl(id: CweId): string {
  return `https://cwe.mitre.org/data/definitions/${cweNumber(id)}.html`;
}

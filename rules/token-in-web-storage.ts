import { defineRule } from '../src/rule-api.js';
import type { RuleReport } from '../src/rule-api.js';

export default defineRule({
  id: 'token-in-web-storage',
  description: 'Finds JWTs written to `localStorage` or `sessionStorage`, where any script on the page can read them.',
  severity: 'medium',
  severityReason: 'any script on the page (an XSS) can read the token',
  securitySeverity: 5.4,
  confidence: 'medium',
  scope: 'file',
  standards: {
    nhi: ['NHI2'],
    csf: ['PR.DS-10', 'PR.DS-01'],
    cwe: ['CWE-922'],
  },
  messages: {
    stored:
      'A token ({{evidence}}) is written to `{{storage}}`, where any script running on the page, including injected ones, can read and exfiltrate it. Keep it in an `httpOnly`, `Secure`, `SameSite` cookie set by the server, or in memory only.',
  },
  remediation:
    'Let the server set the token in an `httpOnly; Secure; SameSite` cookie (or use a backend-for-frontend that keeps tokens server-side); if the browser must hold an access token, keep it in memory and refresh it through an `httpOnly` refresh cookie.',
  references: [
    { title: 'OWASP HTML5 Security Cheat Sheet: Local Storage', url: 'https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#local-storage' },
    { title: 'OWASP JSON Web Token Cheat Sheet: Token Storage on Client Side', url: 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#token-storage-on-client-side' },
    { title: 'MDN: Window.localStorage', url: 'https://developer.mozilla.org/en-US/docs/Web/API/Window/localStorage' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "Browser storage exists only in browser JavaScript; the rule does not apply to Python.",
      },
      {
        language: 'Go',
        reading: "Browser storage exists only in browser JavaScript; the rule does not apply to Go (code compiled to WebAssembly included).",
      },
      {
        language: 'Java',
        reading: "Browser storage exists only in browser JavaScript; the rule does not apply to Java.",
      },
      {
        language: 'C#',
        reading: "Browser storage exists only in browser JavaScript; the rule does not apply to C# (Blazor's JS interop calls are not read).",
      },
    ],
    whyItMatters:
      'Web storage has no access control within the origin: every script on the page (analytics, a compromised npm dependency, an XSS payload) can read it, and a stolen bearer token keeps working from the attacker\'s machine until it expires. An `httpOnly` cookie cannot be read by scripts at all, which turns a token-stealing XSS into a much narrower attack.',
    incorrect: `export async function login(email, password) {
  const res = await fetch('/api/login', { method: 'POST', body: JSON.stringify({ email, password }) });
  const { accessToken } = await res.json();
  localStorage.setItem('accessToken', accessToken);
}
`,
    correct: `export async function login(email, password) {
  // The server answers with Set-Cookie: session=...; HttpOnly; Secure; SameSite=Lax
  await fetch('/api/login', {
    method: 'POST',
    credentials: 'include',
    body: JSON.stringify({ email, password }),
  });
  localStorage.setItem('lastLoginEmail', email);
}
`,
    remediation:
      'Move the token into an `httpOnly`, `Secure`, `SameSite` cookie issued by the server, or keep access tokens in memory and refresh them via an `httpOnly` refresh-token cookie. Remove existing entries with `removeItem` on the next release.',
    limitations:
      'A write is reported when the storage key or the stored value is named like a token (`token`, `jwt`, `accessToken`, `id_token`...) or the value is a signed token. Tokens stored through wrapper libraries (localforage, pinia/redux persistence plugins) are not seen unless they write through `localStorage` in the scanned code. Reading and removing are never reported.',
  },
  check({ facts }) {
    return facts.storageWrites.map((write): RuleReport => ({
      loc: write.loc,
      messageId: 'stored',
      data: { storage: write.storage, evidence: write.evidence },
    }));
  },
});

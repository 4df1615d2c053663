import { defineRule } from '../src/rule-api.js';
import type { RuleReport, SensitiveLog } from '../src/rule-api.js';

const MESSAGE_IDS: Record<SensitiveLog['what'], string> = {
  token: 'tokenLogged',
  'authorization-header': 'authorizationHeaderLogged',
  secret: 'secretLogged',
};

export default defineRule({
  id: 'token-logged',
  description: 'Finds JWTs, Authorization headers and JWT secrets written to logs or the console.',
  severity: 'medium',
  severityReason: 'anyone who reads the logs can replay the token or key',
  securitySeverity: 6.5,
  confidence: 'medium',
  scope: 'file',
  standards: {
    nhi: ['NHI2'],
    csf: ['PR.DS-01', 'PR.PS-04'],
    cwe: ['CWE-532'],
  },
  messages: {
    tokenLogged:
      'A token (`{{expression}}`) is written to the log, where anyone with log access can replay it until it expires. Log a token id (`jti`), the subject or a short hash instead.',
    authorizationHeaderLogged:
      'The Authorization header (`{{expression}}`) is logged, so every bearer token that reaches this service ends up in the logs. Redact it (e.g. pino `redact: [\'req.headers.authorization\']`) or log only the scheme.',
    secretLogged:
      'The JWT signing secret (`{{expression}}`) is written to the log, which lets anyone with log access mint tokens. Remove it from the message; log only that a key was loaded and, if needed, its key id.',
  },
  remediation:
    'Never log credentials: log token ids (`jti`), subjects or hashes, configure the logger to redact `authorization` headers and token fields, and rotate any secret or long-lived token that already reached a log.',
  references: [
    { title: 'OWASP Logging Cheat Sheet: Data to exclude', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude' },
    { title: 'CWE-532: Insertion of Sensitive Information into Log File', url: 'https://cwe.mitre.org/data/definitions/532.html' },
    { title: 'pino: redaction', url: 'https://github.com/pinojs/pino/blob/main/docs/redaction.md' },
  ],
  options: {},
  docs: {
    languages: [
      {
        language: 'Python',
        reading: "Not read in Python source yet: `logging`/`print` of tokens in `.py` files is not reported.",
      },
      {
        language: 'Go',
        reading: "Not read in Go source yet: `log`/`fmt` output of tokens in `.go` files is not reported.",
      },
      {
        language: 'Java',
        reading: "Not read in Java source yet: tokens written to loggers in `.java` files are not reported.",
      },
      {
        language: 'C#',
        reading: "Not read in C# source yet: tokens written to `ILogger` in `.cs` files are not reported.",
      },
    ],
    whyItMatters:
      'Logs are copied to aggregators, shared in tickets, kept for months and readable by far more people than the production secrets store. A bearer token in a log line can be replayed by anyone who reads it; a logged signing secret lets them mint tokens for any user. Debug statements added while chasing an authentication bug are the usual source.',
    incorrect: `import jwt from 'jsonwebtoken';

export function authenticate(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  console.log('verifying token', token);
  req.user = jwt.verify(token, req.app.locals.publicKey, {
    algorithms: ['RS256'],
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
  next();
}
`,
    correct: `import jwt from 'jsonwebtoken';

export function authenticate(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  req.user = jwt.verify(token, req.app.locals.publicKey, {
    algorithms: ['RS256'],
    audience: 'orders-api',
    issuer: 'https://auth.example.com',
  });
  console.log('authenticated request for %s', req.user.sub);
  next();
}
`,
    remediation:
      'Remove the credential from the log call. Log the subject or `jti` instead, configure redaction for `authorization` headers and token fields in the logger, and rotate anything that already reached a log.',
    limitations: [
      'What is reported: a logged value that is a token, an Authorization header or JWT key material, alone, in a template or concatenation, in an object field (`{ user, token }`), behind `JSON.stringify`/`String`/`.trim()`, or as the kept side of `token || \'none\'`. A value is a token by origin whatever its name: the result of a sign call (`jwt.sign`, `new SignJWT().sign()`), what a verify or decode call is given (a cookie or body field checked as a JWT), the `Bearer` split or strip of an Authorization header (`split(\' \')[1]`, `replace(\'Bearer \', \'\')`, `slice(7)`). By name only when the name says the value is the token itself (`token`, `accessToken`, `idToken`, `refreshToken`, `jwt`, `token_value`) and the variable is not initialised with something else. A key is reported when it is the key argument of a JWT call in the file and signs (or is a shared secret or private key), or when its name says it is a JWT secret (`JWT_SECRET`).',
      'What is not reported: tokens that identify rather than authenticate (a sales channel\'s `ctx.channel.token` or `channelToken`, `page.token`, cursors, CSRF and push tokens); names that describe a token without holding it (`token_endpoint`, `tokenUrl`, `token_type`, `tokenType`, `tokenExpiresAt`, `jwt_expires_in`, `tokensUsed`, `total_tokens`, `tokenizer`, `hasToken`, `decodedToken`, CSRF, pagination and push tokens); a token-named variable whose initialiser is a number, a boolean, a URL, `new URL(...)`, the claims of a verify or decode call, or an object without credentials in it (OIDC discovery metadata, `{ tokenType, expiresIn }`), or whose type is `number`/`boolean`; objects that merely have token-named metadata fields; values derived from a token without it in them: `token.length`, `token ? \'yes\' : \'no\'`, `!token`, comparisons, `jwt.decode(token).sub`, a prefix or suffix (`token.slice(0, 8)`, `token.slice(-4)`), the `.`-segments of a token, and any other call on it (`hash(token)`, `mask(token)`); a public verification key; literals (`{ token: \'…\' }` is for hardcoded-token).',
      'Not seen: tokens logged through wrapper functions or other modules, inside whole request or header objects (`console.log(req.headers)`), or in a variable that is not named like a token and receives one by a later assignment (`let out; out = jwt.sign(...)`): origin is read from initialisers only. A renamed destructuring of the header (`const { authorization: h } = req.headers`) is not followed.',
    ].join('\n\n'),
  },
  check({ facts }) {
    return facts.logs.map((log): RuleReport => ({
      loc: log.loc,
      messageId: MESSAGE_IDS[log.what],
      data: { expression: log.expression },
    }));
  },
});

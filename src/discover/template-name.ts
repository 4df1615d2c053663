// Templates that a deployment copies into place (RULES.md "Templates"): `config.ts.example`,
// `appsettings.json.sample`, `settings.yaml.template`, `.env.dist`, `env-example`,
// `.example-env`. A template is read as the file it becomes: its kind and dialect come from
// the name without the template suffix.

/** Suffixes that mark a copy-into-place template: `config.ts.example` becomes `config.ts`. */
const TEMPLATE_SUFFIX = /\.(?:example|sample|template|dist|tmpl|tpl)$/i;

/**
 * Env templates whose name has no `.env` part that `fileKindOf` already knows: `env.example`,
 * `env-example`, `env_sample`, `.env-example`, `.example-env`, `example-env`, `sample.env`
 * is covered by `*.env`. Whole names only: `env-example.js` is a script.
 */
const ENV_TEMPLATE = /^\.?(?:env[.\-_](?:example|sample|template|dist|tmpl|tpl)|(?:example|sample|template)[.\-_]env)$/i;

/** The name a template becomes (`config.ts.example` → `config.ts`); the name itself when it is no template or nothing is left. */
export function withoutTemplateSuffix(name: string): string {
  const m = TEMPLATE_SUFFIX.exec(name);
  if (!m) return name;
  const inner = name.slice(0, m.index);
  // `.example`, `x/.sample`: a bare suffix names no file to become.
  return inner === '' || inner.endsWith('/') ? name : inner;
}

/** A base name (lower-cased or not) that is an env template without a `.env` part of its own. */
export function isEnvTemplateName(base: string): boolean {
  return ENV_TEMPLATE.test(base);
}

/** A file a deployment copies into place under another name: `config.ts.example`, `app.json.sample`, `.env.dist`. */
export function isTemplateFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return withoutTemplateSuffix(base) !== base;
}

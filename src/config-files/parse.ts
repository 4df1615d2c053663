import type { FileKind } from '../discover/file-kind.js';
import { LineIndex } from '../parse/line-index.js';
import { parseDockerfile } from './parse-dockerfile.js';
import { parseEnv } from './parse-env.js';
import { parseJson } from './parse-json.js';
import { parseProperties } from './parse-properties.js';
import { parseShell } from './parse-shell.js';
import { parseToml } from './parse-toml.js';
import { parseYaml } from './parse-yaml.js';
import { hclMayMatter, parseHcl } from './parse-hcl.js';
import { addCiEntries, parseJenkinsfile } from './ci-systems.js';
import { isProcfile, procfileAsShell, withDeploymentReadings } from './deploy-manifests.js';
import { configFormatOf, isCiConfigPath, isLockfile, mayBeRecognisedByContent, recognisedByPath } from './roles.js';
import type { ConfigFormat, ParsedConfig } from './types.js';

export interface ConfigFileInput {
  path: string;
  kind: FileKind;
  text: string;
}

export function parseConfigText(path: string, format: ConfigFormat, text: string): ParsedConfig {
  try {
    switch (format) {
      case 'env':
        return parseEnv(path, text);
      case 'properties':
        return parseProperties(path, text);
      case 'yaml':
        return withDeploymentReadings(path, text, isCiConfigPath(path) ? addCiEntries(path, text, parseYaml(path, text)) : parseYaml(path, text));
      case 'jenkinsfile':
        return parseJenkinsfile(path, text);
      case 'json':
        return withDeploymentReadings(path, text, parseJson(path, text));
      case 'toml':
        return withDeploymentReadings(path, text, parseToml(path, text));
      case 'dockerfile':
        return parseDockerfile(path, text);
      case 'shell':
        return parseShell(path, isProcfile(path) ? procfileAsShell(text) : text);
      case 'hcl':
        return parseHcl(path, text);
    }
  } catch (error) {
    // The parsers are written not to throw; this keeps a bug in one of them a notification.
    return { format, entries: [], documents: [], diagnostics: [`${path}: cannot read ${format} file: ${(error as Error).message}`], lines: new LineIndex(text) };
  }
}

/** Parses a config file once into positioned entries; null for kinds that are not config (JS/TS, manifests, other). */
export function parseConfigFile(file: ConfigFileInput): ParsedConfig | null {
  const format = configFormatOf(file.path, file.kind);
  return format ? parseConfigText(file.path, format, file.text) : null;
}

/**
 * Whether a config-like file is worth a parse: recognisable configuration (by path, or YAML
 * whose top level looks like compose/Kubernetes/CI), or any file holding a token literal.
 * Everything else (package.json of dependencies, data files) is skipped unparsed.
 */
export function configParseWanted(file: ConfigFileInput): boolean {
  const format = configFormatOf(file.path, file.kind);
  if (!format || isLockfile(file.path)) return false;
  if (format === 'hcl') return hclMayMatter(file.text);
  return recognisedByPath(file.path, format) || ((format === 'yaml' || format === 'json') && mayBeRecognisedByContent(file.text)) || mayHoldToken(file.text);
}

/**
 * Whether a text can hold a JWT literal as `findTokens` reads one: a header segment, a dot,
 * and a payload that starts with `eyJ` (`{"` in base64url). A bare `eyJhbG...` in generated
 * documentation is no token, and its file is not parsed for one.
 */
export function mayHoldToken(text: string): boolean {
  return text.includes('.eyJ');
}

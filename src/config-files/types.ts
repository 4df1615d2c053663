import type { SourceLocation } from '../facts/model.js';
import type { LineIndex } from '../parse/line-index.js';

export type ConfigFormat = 'env' | 'yaml' | 'json' | 'properties' | 'toml' | 'dockerfile' | 'shell' | 'jenkinsfile' | 'hcl';

export type ConfigValueType = 'string' | 'number' | 'boolean' | 'null';

/** One key/value setting of a config file, with positions of both. */
export interface ConfigEntry {
  /** Key path from the document root; sequence positions appear as `'0'`, `'1'`, ... */
  path: string[];
  /** The last key of `path` (for a sequence item, the key that holds the sequence). */
  key: string;
  /** The value as the application sees it: unquoted, unescaped, a `${VAR:-literal}` fallback resolved to its literal, Kubernetes Secret `data` base64-decoded. */
  value: string;
  valueType: ConfigValueType;
  /** Where the value text starts (quotes included; for a fallback, where the literal starts). */
  valueLoc: SourceLocation;
  keyLoc: SourceLocation;
  /** Source offsets [start, end) of `valueLoc`. */
  valueRange: readonly [number, number];
  /**
   * The key names an environment variable: a `.env` line, compose `environment`, a container
   * `env` list, Kubernetes Secret/ConfigMap `data`, CI `env:`/`variables:`, `KEY=value` items.
   * Such a key carries its whole meaning in its own name; other keys take context from their path.
   */
  envVar: boolean;
  /** `${NAME}` / `${NAME:-literal}`: the environment variable the value reads or falls back from. */
  interpolation?: { name: string; fallback: boolean };
  /**
   * Shell and Dockerfile values built when the script runs or the image is built (`$(openssl
   * rand -hex 32)`, `"$1"`, `"$HOME/keys"`, `${A:+x}`): there is no literal to judge. A single
   * `${NAME}` reference or `${NAME:-literal}` fallback is described by `interpolation` instead.
   */
  computed?: true;
  /** The value was base64-decoded (Kubernetes Secret `data`); `byteLength` of the decoded bytes. */
  decoded?: { encoding: 'base64'; byteLength: number; binary: boolean };
  /** YAML document index (0 for single-document formats). */
  document: number;
  /** Terraform: the value is the input variable of this name (a `variable` default, a `.tfvars` assignment), what `var.<name>` reads. */
  terraformVariable?: string;
}

/** What a document is, as far as its top level tells. */
export interface ConfigDocument {
  index: number;
  /** Top-level keys in source order. */
  topLevelKeys: string[];
  /** Kubernetes `kind` when the document has both `apiVersion` and `kind`. */
  kubernetesKind?: string;
  /** Top-level `services` whose entries look like compose services (image/build/environment). */
  compose: boolean;
  /** Top-level `jobs` plus `on` (GitHub Actions) or `stages`/`variables` (GitLab CI). */
  ci: boolean;
}

export interface ParsedConfig {
  format: ConfigFormat;
  entries: ConfigEntry[];
  documents: ConfigDocument[];
  /** Problems in the input (never thrown); prefixed with `path:line:column:`. */
  diagnostics: string[];
  lines: LineIndex;
}

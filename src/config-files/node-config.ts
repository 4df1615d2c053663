import type { SourceLocation } from '../facts/model.js';
import { parseConfigText } from './parse.js';
import { nodeConfigInfo } from './roles.js';
import type { ConfigEntry, ParsedConfig } from './types.js';

export interface NodeConfigValue {
  value: string | number | boolean;
  loc: SourceLocation;
  file: string;
  /** File name without extension: `default`, `production`, `test`, `local-development`, ... */
  environment: string;
}

const ENV_MAP = 'custom-environment-variables';

interface ConfigFileRecord {
  file: string;
  dir: string;
  environment: string;
  entries: ConfigEntry[];
}

/** `default` first, then deployment files, then `local*` overrides (node-config's load order). */
function precedence(environment: string): number {
  if (environment === 'default' || environment.startsWith('default-')) return 0;
  if (environment === 'local' || environment.startsWith('local-')) return 2;
  return 1;
}

function typedValue(entry: ConfigEntry): string | number | boolean {
  if (entry.valueType === 'number') {
    const n = Number(entry.value.replace(/_/g, ''));
    return Number.isFinite(n) ? n : entry.value;
  }
  if (entry.valueType === 'boolean') return /^(true|yes|on)$/i.test(entry.value);
  return entry.value;
}

/**
 * The values of a project's node-config files (`config/default.json`, `config/<env>.yaml`, ...)
 * by dotted key path, and the environment variables `config/custom-environment-variables.*`
 * maps onto keys. A project may hold several config directories (one per unit); pass
 * `configDir` to look in one of them.
 */
export class NodeConfigIndex {
  private readonly files: ConfigFileRecord[] = [];
  readonly diagnostics: string[] = [];

  /** Builds the index from raw files; files outside a `config/` directory are ignored. */
  constructor(files: readonly { path: string; text: string }[] = []) {
    for (const f of files) {
      const info = nodeConfigInfo(f.path);
      if (!info) continue;
      const format = /\.json5?$/i.test(f.path) ? 'json' : 'yaml';
      const parsed = parseConfigText(f.path, format, f.text);
      this.diagnostics.push(...parsed.diagnostics);
      this.addParsed(f.path, parsed);
    }
  }

  static isNodeConfigFile(path: string): boolean {
    return nodeConfigInfo(path) !== null;
  }

  /** Adds a file parsed elsewhere (so that each file is parsed once per run). */
  addParsed(path: string, parsed: ParsedConfig): void {
    const info = nodeConfigInfo(path);
    if (!info || (parsed.format !== 'json' && parsed.format !== 'yaml')) return;
    this.files.push({ file: path, dir: info.dir, environment: info.environment, entries: parsed.entries });
    this.files.sort((a, b) => precedence(a.environment) - precedence(b.environment) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  get configFiles(): string[] {
    return this.files.map((f) => f.file);
  }

  /** Every value written for `keyPath` (e.g. `jwt.secret`), default file first. */
  lookup(keyPath: string, configDir?: string): NodeConfigValue[] {
    const out: NodeConfigValue[] = [];
    for (const f of this.files) {
      if (f.environment === ENV_MAP || (configDir !== undefined && f.dir !== configDir)) continue;
      for (const entry of f.entries) {
        if (entry.valueType === 'null' || entry.path.join('.') !== keyPath) continue;
        out.push({ value: typedValue(entry), loc: entry.valueLoc, file: f.file, environment: f.environment });
      }
    }
    return out;
  }

  /** The environment variable that overrides `keyPath` (`custom-environment-variables`), if any. */
  envNameFor(keyPath: string, configDir?: string): string | undefined {
    for (const f of this.files) {
      if (f.environment !== ENV_MAP || (configDir !== undefined && f.dir !== configDir)) continue;
      for (const entry of f.entries) {
        if (entry.valueType !== 'string') continue;
        const path = entry.path[entry.path.length - 1] === '__name' ? entry.path.slice(0, -1) : entry.path;
        if (path.join('.') === keyPath && entry.value !== '') return entry.value;
      }
    }
    return undefined;
  }
}

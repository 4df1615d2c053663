export { extractConfigFacts, type ConfigContext, type ConfigFile } from './extract.js';
export { NodeConfigIndex, type NodeConfigValue } from './node-config.js';
export { configParseWanted, parseConfigFile, parseConfigText, type ConfigFileInput } from './parse.js';
export { configFormatOf, isCiConfigPath, isExampleFile, isTestConfigPath, nodeConfigInfo, recognisedByPath } from './roles.js';
export type { ConfigDocument, ConfigEntry, ConfigFormat, ConfigValueType, ParsedConfig } from './types.js';
export { ciEnvironmentName, ciTestLines, deployContextLines } from './ci-context.js';

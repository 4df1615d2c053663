import type { FileFacts, ModuleEnvironment } from './model.js';

/** The facts of a file before anything is found in it. */
export function emptyFileFacts(file: string, environment: ModuleEnvironment, isTest: boolean): FileFacts {
  return {
    file,
    environment,
    isTest,
    callSites: [],
    secrets: [],
    lifetimes: [],
    tokens: [],
    algorithmSettings: [],
    disabledChecks: [],
    storageWrites: [],
    logs: [],
    dependencies: [],
    unsafeOptions: [],
  };
}

// Loaded with `node --import`: registers module hooks that append to the file named by
// JWTLINT_PROBE_OUT every specifier and URL of ts-morph (or its @ts-morph/common) that the
// process resolves or loads. An empty file: ts-morph never came near the process.
import { register } from 'node:module';

register(new URL('./ts-morph-hooks.mjs', import.meta.url));

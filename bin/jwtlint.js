#!/usr/bin/env node
// dist/jwtlint.mjs is the CLI bundled into one module (npm run build): one file to load
// instead of about a hundred, which keeps start-up short.
import { main } from '../dist/jwtlint.mjs';

await main(process.argv);

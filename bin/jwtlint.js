#!/usr/bin/env node
// dist/bundle/main.mjs is the CLI bundled into one module (npm run build): one file to load
// instead of about a hundred, which keeps start-up short.
import { main } from '../dist/bundle/main.mjs';

await main(process.argv);

#!/usr/bin/env node
// The `engage` command. The engine is TypeScript run through tsx, so no build step stands between
// a fresh clone and a working CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));

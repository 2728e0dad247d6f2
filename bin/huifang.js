#!/usr/bin/env node
// The installed `huifang` command: hands over to the compiled CLI entry.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), process.env);

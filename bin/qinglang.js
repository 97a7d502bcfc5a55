#!/usr/bin/env node
// The operator's command-line tool. The TypeScript sources run through tsx, so the CLI works in a
// fresh checkout without a build step and never runs stale compiled code.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
await runCli(process.argv);

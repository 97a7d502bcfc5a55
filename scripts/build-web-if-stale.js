#!/usr/bin/env node
// Builds the web front end when dist/web is missing or older than any of its sources, so
// `npm start` does not spend ~15 s rebuilding an unchanged front end on every start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const output = path.join(root, 'dist/web/index.html');
const sources = ['web', 'contracts', 'vite.config.ts', 'package-lock.json', 'package.json'];

function newest(target) {
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

const sourceTime = Math.max(
  ...sources
    .map((s) => path.join(root, s))
    .filter(existsSync)
    .map(newest),
);
if (existsSync(output) && statSync(output).mtimeMs >= sourceTime) {
  console.log('Web front end is up to date (dist/web).');
} else {
  const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

#!/usr/bin/env node
// `npm run test:pg`: the database-backed suite (http + fuzz) on PostgreSQL; unit tests touch no database and run once,
// in `npm test`. Uses DATABASE_URL when it is a postgres:// URL, else the local server's `postgres` database; every
// test file works in a fresh schema of its own and drops it.
const { spawnSync } = require('node:child_process');

const url = /^postgres/.test(process.env.DATABASE_URL || '') ? process.env.DATABASE_URL : 'postgres://postgres@127.0.0.1:5432/postgres';
const result = spawnSync('npx', ['jest', '--selectProjects', 'http', 'fuzz', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
});
process.exit(result.status ?? 1);

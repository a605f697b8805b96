#!/usr/bin/env node
// Builds dist/ only when it is missing or older than a source, so `npm start` on a built tree starts at once and
// `npm ci` (the `prepare` script) leaves a tree ready to run. Plain JavaScript: it runs before anything is compiled.
// `--check` only reports (exit 0 fresh, 1 stale); `--quiet` prints nothing when there is nothing to do.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
// What tsc reads for the build (tsconfig.build.json); views and static files are read from the tree at run time.
const SOURCES = ['server', 'migrations', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time (ms) of any file under the given paths; 0 when none exists. */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/** Why dist/ must be built again, or null when it is up to date. */
function staleReason(root = ROOT) {
  const stamp = path.join(root, 'dist', '.build-stamp');
  if (!fs.existsSync(path.join(root, 'dist', 'server', 'main.js')) || !fs.existsSync(stamp)) return 'no build yet';
  if (newestMtime(SOURCES.map((s) => path.join(root, s))) > fs.statSync(stamp).mtimeMs) return 'sources changed since the last build';
  return null;
}

function build() {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    process.stderr.write('Cannot build: TypeScript is not installed (run `npm ci` with dev dependencies, then `npm run build`).\n');
    return 1;
  }
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return 0;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const reason = staleReason();
  if (args.includes('--check')) {
    process.stdout.write(reason ? `stale: ${reason}\n` : 'up to date\n');
    process.exit(reason ? 1 : 0);
  }
  if (!reason && !args.includes('--force')) {
    if (!args.includes('--quiet')) process.stderr.write('dist/ is up to date.\n');
    process.exit(0);
  }
  process.stderr.write(`Building dist/ (${reason ?? 'asked for'}) …\n`);
  const started = Date.now();
  const code = build();
  if (code === 0) process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  process.exit(code);
}

module.exports = { staleReason, newestMtime };

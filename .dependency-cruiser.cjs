// The dependency direction of CONVENTIONS.md: main → app → http → services → domain, db, mail.
// config, logger, errors, i18n are leaves. domain/ does no I/O. Services never see Express. Migrations import nothing of ours.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'domain-is-pure', severity: 'error', comment: 'domain/ is pure functions: no I/O, no other layer',
      from: { path: '^server/domain' },
      to: { pathNot: ['^server/domain', '^node_modules/zod'], dependencyTypesNot: ['type-only'] } },
    { name: 'domain-no-node-io', severity: 'error', from: { path: '^server/domain' }, to: { path: '^(fs|net|http|https|child_process|node:fs|node:net|node:http)$', dependencyTypes: ['core'] } },
    { name: 'services-not-http', severity: 'error', comment: 'services never see Express, req, res or views',
      from: { path: '^server/services' }, to: { path: ['^server/http', '^server/app', '^node_modules/express'] } },
    { name: 'mail-not-http', severity: 'error', from: { path: '^server/mail' }, to: { path: ['^server/http', '^server/app'] } },
    { name: 'db-not-upward', severity: 'error', from: { path: '^server/db' }, to: { path: ['^server/http', '^server/services', '^server/app', '^server/mail'] } },
    { name: 'leaves-stay-leaves', severity: 'error', comment: 'config, logger, errors, i18n import no other layer',
      from: { path: '^server/(config|logger|errors|paths)\\.ts$|^server/i18n', pathNot: '^server/i18n/messages/domain-numbers\\.ts$' },
      to: { path: '^server/(http|services|db|mail|domain|cli|app|main)' } },
    { name: 'messages-quote-the-domain-only', severity: 'error', comment: 'the numbers messages quote come from the pure domain rules, nothing with I/O',
      from: { path: '^server/i18n/messages/domain-numbers\\.ts$' },
      to: { path: '^server/(http|services|db|mail|cli|app|main)' } },
    { name: 'only-main-and-cli-start', severity: 'error', comment: 'nothing imports the process entries',
      from: {}, to: { path: '^server/(main|cli/index)\\.ts$' } },
    { name: 'render-stays-apart', severity: 'error', comment: 'render workers parse untrusted files: they see the domain rules only, no database, secrets or services',
      from: { path: '^server/render' }, to: { path: '^server/(http|services|db|mail|app|main|cli|config|secrets|bootstrap)' } },
    { name: 'render-worker-is-an-entry', severity: 'error', comment: 'the worker runs in its own process (forked by the pool, never imported)',
      from: {}, to: { path: '^server/render/worker\\.ts$' } },
    { name: 'demo-is-the-clis', severity: 'error', comment: 'the demo data loader is run by the CLI only; no use case or route loads it',
      from: { pathNot: ['^server/cli', '^server/services/ops/demo'] }, to: { path: '^server/services/ops/demo' } },
    { name: 'http-not-cli', severity: 'error', from: { path: '^server/(http|services|domain|db|mail)' }, to: { path: '^server/cli' } },
    { name: 'migrations-standalone', severity: 'error', comment: 'migrations never import services or models',
      from: { path: '^migrations' }, to: { path: '^server' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, dependencyTypesNot: ['type-only'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|test|node_modules)' },
  },
};

// Projects: unit (pure domain, no I/O), http (real app on a real database), fuzz (generated hostile form bodies against
// the real app), e2e (real browser), scale (two processes on one PostgreSQL and Redis).
// `npm test` runs unit + http + fuzz on SQLite; `npm run test:pg` runs http + fuzz on PostgreSQL (unit tests touch no
// database, so they run once).
const swc = (syntax) => ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax } }, module: { type: 'commonjs' } }];
// otplib 13 depends on ESM-only packages (@scure/base, @noble/hashes); Jest on Node 20 cannot require ESM, so they
// are compiled to CommonJS like our own sources.
const ESM_PACKAGES = ['@scure', '@otplib', 'otplib', '@noble'];
const common = {
  transform: { '^.+\\.ts$': swc('typescript'), '^.+\\.m?js$': swc('ecmascript') },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
module.exports = {
  // A global option (ignored inside projects): generous, since CI runs on a loaded 2-core machine.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'http', testMatch: ['<rootDir>/test/http/**/*.test.ts'] },
    { ...common, displayName: 'fuzz', testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    { ...common, displayName: 'scale', testMatch: ['<rootDir>/test/scale/**/*.test.ts'] },
  ],
};

// Three projects: unit (pure domain, no I/O), http (real app on a real database), e2e (real browser).
// `npm test` runs unit + http on SQLite; DATABASE_URL=postgres://... runs the same suite on PostgreSQL.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'], testTimeout: 30000 };
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'http', testMatch: ['<rootDir>/test/http/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};

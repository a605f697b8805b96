import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

test('defaults: port 3000, ./data, SQLite file inside it, digest at 08:00', () => {
  const config = loadConfig({});
  expect(config.port).toBe(3000);
  expect(config.dataDir).toBe(path.resolve('./data'));
  expect(config.database).toMatchObject({ kind: 'sqlite', filename: path.resolve('./data/qingfeng.db') });
  expect(config.notify).toBe('digest');
  expect(config.notifyAt).toBe('08:00');
  expect(config.secureCookies).toBe(false);
});

test('a postgres:// DATABASE_URL selects PostgreSQL', () => {
  expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database.kind).toBe('postgres');
});

test('an https BASE_URL makes cookies Secure', () => {
  expect(loadConfig({ BASE_URL: 'https://qingfeng.example.org/' })).toMatchObject({ secureCookies: true, baseUrl: 'https://qingfeng.example.org' });
});

test.each([
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['DATABASE_URL', 'mysql://x'],
  ['REDIS_URL', 'http://x'],
  ['SMTP_URL', 'not a url'],
  ['NOTIFY', 'hourly'],
  ['NOTIFY_AT', '25:00'],
  ['BASE_URL', 'ftp://x'],
  ['TRUST_PROXY', 'yes please!'],
])('an invalid %s stops with a message naming it', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
});

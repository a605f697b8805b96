// A floor in its own process, so it does not share an event loop with the load generator (as the app does not):
// `tsx test/bench/floor-server.ts sqlite|pg CODES [DATABASE_URL]` sets up the floor's database, listens on a free
// loopback port and prints one JSON line: { port, codesFile, answerBody }. Stops on SIGTERM.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pgSetup, sqliteSetup, transactionFloor } from './floor-transaction';

async function main() {
  const [kind, count, url] = process.argv.slice(2);
  const floor = await transactionFloor(kind === 'pg' ? pgSetup(url) : sqliteSetup(), Number(count));
  const server = http.createServer(floor.handle).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const codesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-floor-codes-')), 'codes.json');
  fs.writeFileSync(codesFile, JSON.stringify(floor.codes));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port, codesFile, answerBody: floor.answerBody })}\n`);
  process.once('SIGTERM', () => {
    server.close();
    floor.close().finally(() => process.exit(0));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

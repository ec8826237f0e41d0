/**
 * The floor: a bare node:http server that reads the body, verifies the same HMAC header as the
 * generic webhook route and answers 200. It runs in its own process, like the API, so the ratio
 * "Moflow / floor" compares two servers under the same load generator on the same cores.
 */
import { ServerProcess } from './processes';

const FLOOR_SOURCE = `
const { createHmac, timingSafeEqual } = require('node:crypto');
const { createServer } = require('node:http');
const secret = process.env.FLOOR_SECRET;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(body).digest('hex'));
    const given = Buffer.from(String(req.headers['x-moflow-signature'] || ''));
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? '{"ok":true}' : '');
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('floor listening on ' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

export async function startFloor(secret: string, cwd: string): Promise<{ url: string; process: ServerProcess }> {
  const proc = new ServerProcess({ name: 'floor', script: '-e', env: { ...process.env, FLOOR_SECRET: secret }, cwd, args: [FLOOR_SOURCE] });
  await proc.waitOutput(/floor listening on \d+/, 10_000);
  const port = /floor listening on (\d+)/.exec(proc.log())?.[1];
  return { url: `http://127.0.0.1:${port}/`, process: proc };
}

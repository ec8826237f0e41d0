/**
 * Docs that a newcomer follows literally must work literally: the curl walkthrough of docs/api.md
 * is extracted from the Markdown and run with bash, as written, against a fresh server started the
 * way `npm start` starts it (empty SQLite, demo seeded, the admin password printed once). Each
 * curl call fails the script on an HTTP error. Here with the crash tests because it needs the built
 * server as a real process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMain, freePort, repoRoot, ServerProcess } from '../bench/mo/processes';
import { skipReason, titled } from './gates';

const unavailableHere = skipReason('sqlite')
  ?? (['curl', 'python3', 'openssl'].find((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
    ? 'curl, python3 or openssl is not installed here (the walkthrough uses them)' : null);

/** The ```bash blocks of one section of a Markdown file (up to the next heading of its level or higher), in order. */
function bashBlocks(file: string, heading: string): string[] {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const level = heading.indexOf(' ');
  const from = lines.indexOf(heading);
  if (from < 0) throw new Error(`${file}: no section "${heading}"`);
  const blocks: string[] = [];
  let block: string[] | null = null;
  let fenced = false;
  for (const line of lines.slice(from + 1)) {
    if (line.startsWith('```')) {
      if (!fenced && line === '```bash') block = [];
      else if (fenced && block) {
        blocks.push(block.join('\n'));
        block = null;
      }
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      block?.push(line);
      continue;
    }
    const m = /^(#+) /.exec(line);
    if (m && m[1]!.length <= level) break;
  }
  return blocks;
}

/** curl as documented, but an HTTP status ≥ 400 fails the script (the docs' `curl -s` would carry on). */
const PRELUDE = `set -euo pipefail
curl() {
  local out code
  out=$(command curl -sS -w '\\n__HTTP__%{http_code}' "$@") || return 1
  code=\${out##*__HTTP__}
  printf '%s\\n' "\${out%__HTTP__*}"
  if [ "$code" -ge 400 ]; then echo "HTTP $code from: curl $*" >&2; return 1; fi
}
`;

describe.skipIf(!!unavailableHere)(titled('docs/api.md walkthrough and providers.md generic example, run literally against a fresh server', unavailableHere), () => {
  const dir = mkdtempSync(join(tmpdir(), 'moflow-docs-'));
  let server: ServerProcess;
  let base = '';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MOFLOW_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: `sqlite:${join(dir, 'data', 'moflow.db')}`, PUBLIC_URL: base };
    server = new ServerProcess({ name: 'api', script: apiMain, env, cwd: dir });
    await server.waitHttp(`${base}/health/ready`);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the printed admin, triggers the demo flow, reads the run, answers as the contact: every command succeeds', async () => {
    const printed = /Moflow admin created: (\S+) \/ (\S+)/.exec(server.log());
    expect(printed?.[1]).toBe('admin@moflow.local');
    const blocks = bashBlocks('docs/api.md', '## Walkthrough (curl)');
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    // After the walkthrough: wait for the run to finish (the answer is handled asynchronously).
    const after = 'for i in $(seq 1 40); do command curl -s -H "Authorization: Bearer $KEY" $B/api/v1/runs/$RUN > final.json; grep -q \'"status":"completed"\' final.json && break; sleep 0.25; done\n';
    // providers.md's generic example continues the walkthrough's session.
    const generic = bashBlocks('docs/providers.md', '### Generic JSON webhook (Moflow\'s own format)');
    expect(generic).toHaveLength(1);
    const script = `${PRELUDE}\n${blocks.join('\n')}\n${after}\n${generic.join('\n')}`;
    const run = spawnSync('bash', ['-c', script], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, B: base, ADMIN_PASSWORD: printed![2]! }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr, run.stdout).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"csrfToken"');
    expect(run.stdout).toMatch(/"runId":"[0-9a-f-]{36}","status":"waiting"/);
    expect(run.stdout.match(/"stored":\["[0-9a-f-]{36}"\]/g)).toHaveLength(2); // the walkthrough's answer and the generic channel's MO
    // What the walkthrough says happens after the answer: the run resumes and completes.
    const final = JSON.parse(readFileSync(join(dir, 'final.json'), 'utf8')) as { status: string; vars: Record<string, unknown>; steps: Array<{ type: string }> };
    expect(final).toMatchObject({ status: 'completed', vars: { answer: 'yes please' } });
    expect(final.steps.map((s) => s.type)).toEqual(expect.arrayContaining(['run_resumed', 'wait_ended', 'run_completed', 'inbound_routed']));
  });
});

import { rmSync } from 'node:fs';
import { InboxMessageEntity, MessageEntity, RunEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { TurnPump } from '../../src/pipeline/turn-pump';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, sendMo, simulatorChannel } from '../conversations/messaging-fixtures';

let second: TestApp | undefined;
let third: TestApp | undefined;
afterAll(async () => {
  await second?.close();
  await third?.close();
});

/** Boots a new process on the database of `first` (closed with app.close(), which keeps the data). */
function reopen(first: TestApp): Promise<TestApp> {
  const db = first.config.database;
  return createTestApp({ env: db.type === 'sqlite'
    ? { DATABASE_URL: `sqlite:${db.path}`, MOFLOW_DATA_DIR: first.config.dataDir }
    : { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema!, MOFLOW_DATA_DIR: first.config.dataDir } });
}

describe(`an acknowledged MO survives a crash right after the 2xx (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('is stored before the answer, and handled once by the next process on the same database', async () => {
    const first = await createTestApp();
    const channel = await simulatorChannel(first);
    await publishFlow(first, 'Join', joinFlow());
    // The process "dies" between the 2xx and the turn: its pipeline stops taking work.
    await first.app.get(TurnPump).stop();
    expect((await sendMo(first, channel.id, '+14155558001', 'JOIN', 'mo-crash-1')).status).toBe(200);
    const ds1 = first.app.get(DataSource);
    expect(await ds1.getRepository(InboxMessageEntity).findOneByOrFail({ providerMessageId: 'mo-crash-1' })).toMatchObject({ status: 'stored' });
    expect(await ds1.getRepository(MessageEntity).countBy({ from: '+14155558001' })).toBe(0);

    const db = first.config.database;
    const dataDir = first.config.dataDir;
    await first.app.close(); // keep the database (TestApp.close would drop it)

    second = await reopen(first);
    const ds2 = second.app.get(DataSource);
    await eventually(async () => (await ds2.getRepository(InboxMessageEntity).findOneBy({ providerMessageId: 'mo-crash-1' }))?.status === 'handled', 'the pipeline of the new process');
    const mt = await eventually(async () => ds2.getRepository(MessageEntity).findOneBy({ to: '+14155558001', direction: 'out', status: 'sent' }), 'the reply');
    expect(mt.text).toBe('Welcome! What is your order number?');
    expect(await ds2.getRepository(MessageEntity).countBy({ from: '+14155558001', direction: 'in' })).toBe(1);

    // The provider retrying the acknowledged MO is a duplicate: no second run, no second reply.
    expect((await sendMo(second, channel.id, '+14155558001', 'JOIN', 'mo-crash-1')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await ds2.getRepository(MessageEntity).countBy({ to: '+14155558001', direction: 'out' })).toBe(1);
    expect(await ds2.getRepository(RunEntity).countBy({ contactPhone: '+14155558001' })).toBe(1);
    if (db.type === 'sqlite') rmSync(dataDir, { recursive: true, force: true });
  });

  it('a wait timeout that fell due while the server was down fires at start-up', async () => {
    const first = await createTestApp();
    const channel = await simulatorChannel(first);
    await publishFlow(first, 'Join (1 s)', joinFlow({ timeoutSeconds: 1 }));
    await sendMo(first, channel.id, '+14155558002', 'JOIN');
    const ds1 = first.app.get(DataSource);
    const run = await eventually(async () => ds1.getRepository(RunEntity).findOneBy({ contactPhone: '+14155558002', status: 'waiting' }), 'waiting');
    await first.app.close();
    await new Promise((r) => setTimeout(r, 1_500)); // the deadline passes while nothing runs

    third = await reopen(first);
    const ds3 = third.app.get(DataSource);
    await eventually(async () => (await ds3.getRepository(RunEntity).findOneBy({ id: run.id }))?.status === 'completed', 'the overdue timeout', 5_000);
    const texts = (await ds3.getRepository(MessageEntity).find({ where: { to: '+14155558002', direction: 'out' }, order: { createdAt: 'ASC' } })).map((m) => m.text);
    expect(texts).toEqual(['Welcome! What is your order number?', 'No answer, we will text you later.']);
    if (first.config.database.type === 'sqlite') rmSync(first.config.dataDir, { recursive: true, force: true });
  });
});

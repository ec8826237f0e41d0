import { rmSync } from 'node:fs';
import { InboxMessageEntity, MessageEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/dispatch/dispatch-job';
import { JOB_QUEUE } from '../../src/dispatch/dispatch.tokens';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, sendMo, simulatorChannel } from '../conversations/messaging-fixtures';

let second: TestApp | undefined;
afterAll(() => second?.close());

describe(`an acknowledged MO survives a crash right after the 2xx (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('is stored before the answer, and handled by the start-up sweep of the next process on the same database', async () => {
    const first = await createTestApp();
    const channel = await simulatorChannel(first);
    await publishFlow(first, 'Join', joinFlow());
    // The process "dies" between the 2xx and the dispatch: nothing reaches the dispatcher.
    const queue = first.app.get<JobQueue>(JOB_QUEUE);
    queue.enqueue = async () => undefined;
    expect((await sendMo(first, channel.id, '+14155558001', 'JOIN', 'mo-crash-1')).status).toBe(200);
    const ds1 = first.app.get(DataSource);
    expect(await ds1.getRepository(InboxMessageEntity).findOneByOrFail({ providerMessageId: 'mo-crash-1' })).toMatchObject({ status: 'stored' });
    expect(await ds1.getRepository(MessageEntity).countBy({ from: '+14155558001' })).toBe(0);

    const db = first.config.database;
    const dataDir = first.config.dataDir;
    await first.app.close(); // keep the database (TestApp.close would drop it)

    second = await createTestApp({ env: db.type === 'sqlite'
      ? { DATABASE_URL: `sqlite:${db.path}`, MOFLOW_DATA_DIR: dataDir }
      : { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema!, MOFLOW_DATA_DIR: dataDir } });
    const ds2 = second.app.get(DataSource);
    await eventually(async () => (await ds2.getRepository(InboxMessageEntity).findOneBy({ providerMessageId: 'mo-crash-1' }))?.status === 'handled', 'the sweep');
    const mt = await eventually(async () => ds2.getRepository(MessageEntity).findOneBy({ to: '+14155558001', direction: 'out', status: 'sent' }), 'the reply');
    expect(mt.text).toBe('Welcome! What is your order number?');
    expect(await ds2.getRepository(MessageEntity).countBy({ from: '+14155558001', direction: 'in' })).toBe(1);
    if (db.type === 'sqlite') rmSync(dataDir, { recursive: true, force: true });
  });
});

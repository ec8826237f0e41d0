import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PARTITIONS, partitionOf } from '@moflow/data-access';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

const REBALANCE_MS = 2_000;

/**
 * Which contact partitions this process may handle. SQLite (one process): all of them. PostgreSQL:
 * each partition is a session-level advisory lock held on a dedicated connection, so a process
 * that dies (SIGKILL, lost network) releases its partitions with its connection, and the others
 * take them over at their next rebalance. Every process aims at a fair share, counting the live
 * pipeline connections by their application_name. No home-made consensus: PostgreSQL's locks.
 */
@Injectable()
export class PartitionOwnership implements OnModuleDestroy {
  private readonly logger = new Logger('PartitionOwnership');
  private client: Client | null = null;
  private readonly mine = new Set<number>();
  private lastRebalance = 0;
  private rebalancing: Promise<void> | null = null;
  private readonly lockSpace: number;
  private readonly appName: string;
  /** Partitions with work in flight here: never handed back until it is written. */
  busy: () => ReadonlySet<string> = () => new Set();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const db = config.database.type === 'postgres' ? `${config.database.url}#${config.database.schema ?? ''}` : '';
    const digest = createHash('sha256').update(db).digest();
    this.lockSpace = digest.readInt32BE(0);
    this.appName = `moflow-pipeline-${digest.toString('hex').slice(0, 12)}`;
  }

  /** null: every partition (SQLite); else the partitions owned now (rebalanced every 2 s). */
  async owned(): Promise<number[] | null> {
    if (this.config.database.type !== 'postgres') return null;
    if (Date.now() - this.lastRebalance >= REBALANCE_MS) {
      this.rebalancing ??= this.rebalance().finally(() => (this.rebalancing = null));
      await this.rebalancing;
    }
    return [...this.mine].sort((a, b) => a - b);
  }

  async onModuleDestroy(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.mine.clear();
    // Closing the connection releases every advisory lock at once.
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    if (this.config.database.type !== 'postgres') throw new Error('partition ownership needs PostgreSQL');
    const client = new Client({ connectionString: this.config.database.url, application_name: this.appName });
    client.on('error', (err) => {
      // The connection is gone, and with it every lock: own nothing until reconnected.
      this.logger.error(`partition connection lost: ${err.message}`);
      this.mine.clear();
      if (this.client === client) this.client = null;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async rebalance(): Promise<void> {
    try {
      const client = await this.connect();
      const live = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [this.appName]);
      const share = Math.ceil(PARTITIONS / Math.max(1, Number(live.rows[0]?.n ?? 1)));
      const busy = new Set([...this.busy()].map(partitionOf));
      // Over the fair share (a worker joined): hand back idle partitions.
      for (const p of [...this.mine].sort((a, b) => b - a)) {
        if (this.mine.size <= share) break;
        if (busy.has(p)) continue;
        await client.query('SELECT pg_advisory_unlock($1, $2)', [this.lockSpace, p]);
        this.mine.delete(p);
      }
      // Under it (start-up, a worker died): take free ones.
      for (let p = 0; p < PARTITIONS && this.mine.size < share; p++) {
        if (this.mine.has(p)) continue;
        const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [this.lockSpace, p]);
        if (got.rows[0]?.ok) this.mine.add(p);
      }
    } catch (err) {
      this.logger.error(`partition rebalance failed: ${(err as Error).message}`);
    } finally {
      this.lastRebalance = Date.now();
    }
  }
}

import { Injectable } from '@nestjs/common';
import { RunEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { RunService } from '../pipeline/run.service';

export { failedLookup, RETRY_NODE, retryDefinition } from '../pipeline/retry-definition';

/**
 * Runs a run on from a failed lookup: a `retry` turn of the pipeline (ordered with the contact's
 * other turns, written in its batch like any other), then the run as it is now.
 */
@Injectable()
export class LookupRetry {
  constructor(private readonly ds: DataSource, private readonly runs: RunService) {}

  async retry(run: RunEntity, nodeId: string, note: string): Promise<RunEntity> {
    await this.runs.retry({ runId: run.id, phone: run.contactPhone, nodeId, note });
    return this.ds.getRepository(RunEntity).findOneByOrFail({ id: run.id });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelEntity, newId } from '@moflow/data-access';
import { sampleFlows } from '@moflow/flow-spec';
import { Repository } from 'typeorm';
import { FlowPublisher } from '../flows/flow-publisher.service';
import { FlowsService } from '../flows/flows.service';

export const DEMO_FLOW_KEY = 'join-demo';

/** First start only: a channel on the built-in simulator provider and the JOIN demo, published as v1. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>,
    private readonly flows: FlowsService,
    private readonly publisher: FlowPublisher,
  ) {}

  async seed(adminId: string, now = Date.now()): Promise<void> {
    if ((await this.channels.count()) === 0) {
      await this.channels.insert({
        id: newId(), name: 'Demo number (simulator)', provider: 'simulator', address: '+15550100100', defaultRegion: 'US',
        config: {}, credentialsEncrypted: null, createdAt: now, updatedAt: now,
      });
    }
    const sample = sampleFlows.find((s) => s.key === DEMO_FLOW_KEY) ?? sampleFlows[0];
    if (!sample || (await this.flows.list()).length > 0) return;
    const flow = await this.flows.create({ name: sample.name, description: sample.description, definition: sample.definition }, adminId);
    await this.publisher.publish(flow.id, 'Demo flow seeded on first start', adminId);
    this.logger.log(`Seeded demo channel and flow "${sample.name}" (published v1)`);
  }
}

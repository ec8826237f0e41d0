import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelEntity, newId } from '@moflow/data-access';
import { sampleFlows } from '@moflow/flow-spec';
import { Repository } from 'typeorm';
import { SecretBox } from '../config/secret-box.service';
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
    private readonly box: SecretBox,
  ) {}

  async seed(adminId: string, now = Date.now()): Promise<void> {
    if ((await this.channels.count()) === 0) {
      // Its webhooks need a secret (signed generic JSON): generated, shown once, like the admin password.
      const webhookSecret = randomBytes(24).toString('hex');
      await this.channels.insert({
        id: newId(), name: 'Demo number (simulator)', provider: 'simulator', address: '+15550100100', defaultRegion: 'US',
        config: {}, credentialsEncrypted: this.box.seal(JSON.stringify({ webhookSecret })), createdAt: now, updatedAt: now,
      });
      this.logger.log(`Demo channel webhook secret (X-Moflow-Signature HMAC key), shown once: ${webhookSecret}`);
    }
    const sample = sampleFlows.find((s) => s.key === DEMO_FLOW_KEY) ?? sampleFlows[0];
    if (!sample || (await this.flows.list()).length > 0) return;
    const flow = await this.flows.create({ name: sample.name, description: sample.description, definition: sample.definition }, adminId);
    await this.publisher.publish(flow.id, 'Demo flow seeded on first start', adminId);
    this.logger.log(`Seeded demo channel and flow "${sample.name}" (published v1)`);
  }
}

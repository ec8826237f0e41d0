import { Body, Controller, Delete, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ContactDto, Page } from '@moflow/api-contract';
import { ChannelEntity, ContactChannelStateEntity, ContactEntity, ContactRepository, writeTransaction, row } from '@moflow/data-access';
import { normalizeAddress } from '@moflow/sms';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actorId, type Principal } from '../auth/principal';
import { actorOf } from '../runs/run-audit';
import { cursorParam, toPage } from '../common/page';
import { uuidPipe } from '../common/uuid.pipe';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { ComplianceService } from './compliance.service';
import { ContactsQuery, OptStateDto, UpdateContactDto } from './compliance.dto';
import { mapContact, mapContactWithChannels } from './compliance.mapper';
import { ContactPrivacyService } from './contact-privacy.service';

@ApiTags('contacts')
@Roles('admin', 'ops')
@Controller('api/v1/contacts')
export class ContactsController {
  private readonly contacts: ContactRepository;

  constructor(private readonly ds: DataSource, private readonly privacy: ContactPrivacyService, private readonly compliance: ComplianceService) {
    this.contacts = new ContactRepository(ds);
  }

  /** Newest first, keyset pages; `?phone=` in any format a person types, `?q=` a name or digits. */
  @Get()
  async list(@Query() q: ContactsQuery): Promise<Page<ContactDto>> {
    const after = cursorParam(q.cursor);
    const limit = q.limit ?? 100;
    if (q.phone === undefined) return toPage(await this.contacts.list({ q: q.q, after, limit }), mapContact);
    const candidates = await this.phoneCandidates(q.phone, q.region);
    // A national number may read differently per channel region: one page per candidate is at most a few.
    const pages = await Promise.all(candidates.map((phone) => this.contacts.list({ phone, q: q.q, after, limit })));
    const rows = pages.flatMap((p) => p.rows).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
    return toPage({ rows, next: null }, mapContact);
  }

  @Get(':id')
  async get(@Param('id', uuidPipe('CONTACT_NOT_FOUND')) id: string) {
    const contact = await this.ds.getRepository(ContactEntity).findOneBy({ id });
    if (!contact) throw new DomainException(ErrorCode.CONTACT_NOT_FOUND);
    const channels = await this.ds.getRepository(ContactChannelStateEntity).findBy({ contactId: id });
    return mapContactWithChannels(contact, channels);
  }

  @Patch(':id')
  async update(@Param('id', uuidPipe('CONTACT_NOT_FOUND')) id: string, @Body() dto: UpdateContactDto) {
    return mapContact(await writeTransaction(this.ds, async (m) => {
      const contact = await m.getRepository(ContactEntity).findOneBy({ id });
      if (!contact) throw new DomainException(ErrorCode.CONTACT_NOT_FOUND);
      const fields = { ...contact.fields };
      for (const [k, v] of Object.entries(dto.fields ?? {})) {
        if (v === null) delete fields[k];
        else fields[k] = v;
      }
      const next: ContactEntity = {
        ...contact, fields, updatedAt: Date.now(),
        ...(dto.name !== undefined ? { name: dto.name } : {}), ...(dto.subscriptions ? { subscriptions: [...new Set(dto.subscriptions)] } : {}),
      };
      await m.getRepository(ContactEntity).update({ id }, row<ContactEntity>({ name: next.name, fields: next.fields, subscriptions: next.subscriptions, updatedAt: next.updatedAt }));
      return next;
    }));
  }

  /** Everything Moflow holds about one contact, as JSON. */
  @Get(':id/export')
  export(@Param('id', uuidPipe('CONTACT_NOT_FOUND')) id: string) {
    return this.privacy.export(id);
  }

  /** Right to erasure: personal data removed, rows (and so statistics) kept. */
  @Delete(':id')
  @Roles('admin')
  erase(@Param('id', uuidPipe('CONTACT_NOT_FOUND')) id: string) {
    return this.privacy.erase(id);
  }

  @Put(':id/channels/:channelId/opt-out')
  async setOptOut(@Param('id', uuidPipe('CONTACT_NOT_FOUND')) id: string, @Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string,
    @Body() dto: OptStateDto, @CurrentPrincipal() who: Principal) {
    const contact = await this.ds.getRepository(ContactEntity).findOneBy({ id });
    if (!contact) throw new DomainException(ErrorCode.CONTACT_NOT_FOUND);
    if (!(await this.ds.getRepository(ChannelEntity).existsBy({ id: channelId }))) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND);
    const { changed, cancelledRunId } = await this.compliance.changeAndCancel(
      { contact, channelId, optedOut: dto.optedOut, source: 'api', actorId: actorId(who) }, `the contact was opted out by ${actorOf(who).name}`);
    return { contactId: id, channelId, optedOut: dto.optedOut, changed, cancelledRunId };
  }

  /**
   * E.164 readings of what was typed: international forms (+44…, 0044…) read alone; a national form
   * (07700 900123) with `region`, else with each channel's default region.
   */
  private async phoneCandidates(typed: string, region: string | undefined): Promise<string[]> {
    const regions = region ? [region.toUpperCase()]
      : [undefined, ...new Set((await this.ds.getRepository(ChannelEntity).find({ select: { defaultRegion: true } })).map((c) => c.defaultRegion ?? undefined))];
    const found = new Set<string>();
    for (const r of regions) {
      try {
        const address = normalizeAddress(typed, r, 'phone');
        if (address.kind !== 'alphanumeric') found.add(address.value);
      } catch {
        // not a number in this region: try the next
      }
    }
    if (found.size === 0) {
      throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem('phone', 'must be a phone number, e.g. +44 7700 900123')] });
    }
    return [...found];
  }
}

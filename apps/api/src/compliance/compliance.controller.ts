import { Body, Controller, Delete, Get, Header, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ChannelEntity, ContactChannelStateEntity, ContactEntity, MessageEntity } from '@moflow/data-access';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { row } from '../runs/typeorm-rows';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actorId, type Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { ComplianceService, consentCsv } from './compliance.service';
import { ConsentQuery, ListQuery, MessagesQuery, OptStateDto, UpdateContactDto } from './compliance.dto';
import { ContactPrivacyService } from './contact-privacy.service';
import { mapConsent, mapContact, mapContactWithChannels } from './compliance.mapper';
import { mapMessage } from '../runs/run.mapper';

/** The consent log: read and export only. There is deliberately no route that edits or deletes it. */
@ApiTags('compliance')
@Roles('admin', 'ops')
@Controller('api/v1/consent')
export class ConsentController {
  constructor(private readonly compliance: ComplianceService) {}

  @Get()
  async list(@Query() q: ConsentQuery) {
    return (await this.compliance.log({ ...q, limit: q.limit ?? 1000 })).map(mapConsent);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="consent-log.csv"')
  async csv(@Query() q: ConsentQuery): Promise<string> {
    return consentCsv(await this.compliance.log({ ...q, limit: q.limit ?? 100_000 }));
  }
}

@ApiTags('contacts')
@Roles('admin', 'ops')
@Controller('api/v1/contacts')
export class ContactsController {
  constructor(private readonly ds: DataSource, private readonly privacy: ContactPrivacyService, private readonly compliance: ComplianceService) {}

  @Get()
  async list(@Query() q: ListQuery) {
    return (await this.ds.getRepository(ContactEntity).find({ order: { createdAt: 'DESC' }, take: q.limit ?? 100 })).map(mapContact);
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
    const changed = await this.compliance.change({ contact, channelId, optedOut: dto.optedOut, source: 'api', actorId: actorId(who) });
    return { contactId: id, channelId, optedOut: dto.optedOut, changed };
  }
}

@ApiTags('messages')
@Roles('admin', 'editor', 'ops')
@Controller('api/v1/messages')
export class MessagesController {
  constructor(private readonly ds: DataSource) {}

  /** `?unhandled=true`: inbound messages no rule took, newest first. */
  @Get()
  async list(@Query() q: MessagesQuery) {
    const where: FindOptionsWhere<MessageEntity> = {
      ...(q.unhandled === 'true' ? { direction: 'in', status: 'unhandled' } : {}),
      ...(q.channelId ? { channelId: q.channelId } : {}), ...(q.contactId ? { contactId: q.contactId } : {}),
    };
    return (await this.ds.getRepository(MessageEntity).find({ where, order: { createdAt: 'DESC' }, take: q.limit ?? 100 })).map(mapMessage);
  }
}

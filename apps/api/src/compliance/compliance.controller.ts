import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ConsentEventDto, Page } from '@moflow/api-contract';
import { ContactRepository } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { cursorParam, toPage } from '../common/page';
import { ComplianceService, consentCsv } from './compliance.service';
import { ConsentExportQuery, ConsentQuery } from './compliance.dto';
import { mapConsent } from './compliance.mapper';

// MessagingModule mounts the three controllers of this area from here.
export { ContactsController } from './contacts.controller';
export { MessagesController } from './messages.controller';

/** The consent log: read and export only. There is deliberately no route that edits or deletes it. */
@ApiTags('compliance')
@Roles('admin', 'ops')
@Controller('api/v1/consent')
export class ConsentController {
  private readonly contacts: ContactRepository;

  constructor(private readonly compliance: ComplianceService, ds: DataSource) {
    this.contacts = new ContactRepository(ds);
  }

  /** Newest first, keyset pages. */
  @Get()
  async list(@Query() q: ConsentQuery): Promise<Page<ConsentEventDto>> {
    const page = await this.contacts.consent({ contactId: q.contactId, channelId: q.channelId, action: q.action, after: cursorParam(q.cursor), limit: q.limit ?? 100 });
    return toPage(page, mapConsent);
  }

  /** In time order, oldest first, as an auditor reads it. */
  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="consent-log.csv"')
  async csv(@Query() q: ConsentExportQuery): Promise<string> {
    return consentCsv(await this.compliance.log({ ...q, limit: q.limit ?? 100_000 }));
  }
}

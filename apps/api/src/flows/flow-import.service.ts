import { Injectable } from '@nestjs/common';
import type { ImportFlowsResponse } from '@moflow/api-contract';
import { FlowImportError, importFlows, KNOWN_FORMATS_TEXT, type FlowImportErrorCode } from '@moflow/flow-import';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { FlowsService } from './flows.service';

export const IMPORT_EXPECTED = `Expected ${KNOWN_FORMATS_TEXT}.`;

const codes: Record<FlowImportErrorCode, ErrorCode> = {
  unreadable: ErrorCode.IMPORT_UNREADABLE,
  unknown_format: ErrorCode.IMPORT_UNKNOWN_FORMAT,
  unsupported_version: ErrorCode.IMPORT_UNSUPPORTED_VERSION,
};

/** Imports another engine's export as draft flows (never published: a person reviews them first). */
@Injectable()
export class FlowImportService {
  constructor(private readonly flows: FlowsService) {}

  async import(body: unknown, dryRun: boolean, userId: string | null): Promise<ImportFlowsResponse> {
    if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)) {
      throw new DomainException(ErrorCode.IMPORT_UNREADABLE, `The request body is empty. ${IMPORT_EXPECTED}`);
    }
    let result;
    try {
      result = importFlows(body);
    } catch (e) {
      if (e instanceof FlowImportError) throw new DomainException(codes[e.code], `${e.message[0]!.toUpperCase()}${e.message.slice(1)}`);
      throw e;
    }
    if (dryRun) return result;
    const flows: ImportFlowsResponse['flows'] = [];
    for (const f of result.flows) {
      const created = await this.flows.create({ name: f.name.slice(0, 200), description: `Imported from ${result.format === 'twilio-studio' ? 'Twilio Studio' : result.format === 'rapidpro' ? 'RapidPro/TextIt' : 'Moflow'}${f.sourceName ? `: ${f.sourceName}` : ''}`.slice(0, 2000), definition: f.definition }, userId);
      flows.push({ id: created.id, name: created.name, sourceName: f.sourceName });
    }
    return { format: result.format, flows, report: result.report };
  }
}

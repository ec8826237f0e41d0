import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FlowDiffDto, FlowDto, FlowSummaryDto, FlowVersionDto } from '@moflow/api-contract';
import { FlowEntity, FlowSaveEntity, FlowVersionEntity, newId, UserEntity, type FlowSaveAction } from '@moflow/data-access';
import { flowDefinitionSchema } from '@moflow/flow-spec';
import { In, Not, Repository, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import type { CreateFlowDto, UpdateFlowDto } from './flow.dto';
import { mapFlow, mapFlowSummary, mapVersion, type FlowListContext } from './flow.mapper';
import { diffDefinitions } from './flow-diff';
import { definitionHash } from './flow-json';
import { FlowKeywordCache } from './flow-keyword-cache';
import { FLOW_RUN_COUNTER, type FlowRunCounterPort } from './flow-ports';

/** What a new flow starts with: one trigger, so the canvas is never empty. */
export function starterDefinition(): Record<string, unknown> {
  return {
    specVersion: 1,
    nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { channels: ['*'], keywords: [], match: 'first_word' } }],
    edges: [],
  };
}

/** Versions are stored with defaults applied; apply them to drafts too, or every default shows as a change. */
function withDefaults(definition: unknown): unknown {
  const parsed = flowDefinitionSchema.safeParse(definition);
  return parsed.success ? parsed.data : definition;
}

const LIST_COLUMNS = {
  id: true, name: true, description: true, status: true, definitionHash: true, revision: true, publishedVersion: true, publishedHash: true,
  updatedById: true, updatedAt: true,
} as const;

/** Draft CRUD, versions (read) and diffs. Publishing lives in FlowPublisher. */
@Injectable()
export class FlowsService {
  constructor(
    @InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>,
    @InjectRepository(FlowVersionEntity) private readonly versions: Repository<FlowVersionEntity>,
    @InjectRepository(FlowSaveEntity) private readonly saves: Repository<FlowSaveEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Optional() @Inject(FLOW_RUN_COUNTER) private readonly runCounter?: FlowRunCounterPort,
  ) {}

  private readonly keywordCache = new FlowKeywordCache();

  /** Archived flows only when asked for: by status, or with `includeArchived`. */
  async list(status?: FlowEntity['status'], includeArchived = false): Promise<FlowSummaryDto[]> {
    const where = status ? { status } : includeArchived ? {} : { status: Not('archived' as const) };
    // The list's columns only: drafts (and tests) are read just for revisions the keyword cache lacks.
    const flows = await this.flows.find({ where, select: LIST_COLUMNS, order: { updatedAt: 'DESC', id: 'ASC' } });
    const [ctx, keywords] = await Promise.all([this.context(flows), this.keywordsOf(flows)]);
    return flows.map((f) => mapFlowSummary(f, { ...ctx, keywords }));
  }

  private async keywordsOf(flows: FlowEntity[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const missing = new Map<string, string>();
    for (const f of flows) {
      const key = FlowKeywordCache.key(f);
      const hit = this.keywordCache.get(key);
      if (hit) out.set(f.id, hit);
      else missing.set(f.id, key);
    }
    const ids = [...missing.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const drafts = await this.flows.find({ select: { id: true, revision: true, definitionHash: true, definition: true }, where: { id: In(ids.slice(i, i + 500)) } });
      // Keyed by the revision read now: a save in between is parsed again next time, not mislabelled.
      for (const d of drafts) out.set(d.id, this.keywordCache.put(FlowKeywordCache.key(d), d.definition));
    }
    return out;
  }

  async get(id: string): Promise<FlowDto> {
    const flow = await this.load(id);
    return mapFlow(flow, await this.context([flow]));
  }

  async load(id: string, manager?: EntityManager): Promise<FlowEntity> {
    const flow = await (manager ? manager.getRepository(FlowEntity) : this.flows).findOneBy({ id });
    if (!flow) throw new DomainException(ErrorCode.FLOW_NOT_FOUND, `No flow with id ${id}.`);
    return flow;
  }

  async create(input: CreateFlowDto, userId: string | null, now = Date.now()): Promise<FlowDto> {
    const definition = input.definition ?? starterDefinition();
    const flow = this.flows.create({
      id: newId(), name: input.name.trim(), description: input.description ?? null, status: 'draft', definition,
      definitionHash: definitionHash(definition), revision: 1, publishedVersion: null, publishedHash: null, tests: [],
      requireTestsToPublish: false, createdById: userId, updatedById: userId, createdAt: now, updatedAt: now,
    });
    await this.flows.manager.transaction(async (m) => {
      await m.getRepository(FlowEntity).save(flow);
      await recordSave(m, flow, 'create', userId, now);
    });
    return this.get(flow.id);
  }

  /** A new draft with the flow's draft definition and tests (keywords included: publishing checks them). */
  async duplicate(id: string, name: string | undefined, userId: string | null): Promise<FlowDto> {
    const source = await this.load(id);
    const copy = await this.create({ name: name ?? `Copy of ${source.name}`.slice(0, 200), description: source.description ?? undefined, definition: source.definition as CreateFlowDto['definition'] }, userId);
    if (!(source.tests as unknown[]).length) return copy;
    return this.update(copy.id, { baseRevision: copy.revision, tests: source.tests as UpdateFlowDto['tests'] }, userId);
  }

  /** Optimistic save: only applies when `baseRevision` is still the current revision. */
  async update(id: string, input: UpdateFlowDto, userId: string | null, now = Date.now()): Promise<FlowDto> {
    const flow = await this.load(id);
    const changes: Partial<FlowEntity> = { revision: input.baseRevision + 1, updatedAt: now, updatedById: userId };
    if (input.name !== undefined) changes.name = input.name.trim();
    if (input.description !== undefined) changes.description = input.description;
    if (input.definition !== undefined) {
      changes.definition = input.definition;
      changes.definitionHash = definitionHash(input.definition);
    }
    if (input.tests !== undefined) changes.tests = input.tests.map((t) => ({ ...t }));
    if (input.requireTestsToPublish !== undefined) changes.requireTestsToPublish = input.requireTestsToPublish;
    const applied = await this.flows.manager.transaction(async (m) => {
      // The WHERE on revision is the lock: two saves based on the same revision cannot both match.
      const result = await m.getRepository(FlowEntity).update({ id, revision: input.baseRevision }, changes as QueryDeepPartialEntity<FlowEntity>); // TypeORM cannot type JSON columns in partial updates
      if (!result.affected) return false;
      await recordSave(m, { id, revision: input.baseRevision + 1 }, 'save', userId, now);
      return true;
    });
    if (!applied) throw await this.conflict(flow.id, input.baseRevision);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const flow = await this.load(id);
    if (flow.publishedVersion !== null) {
      throw new DomainException(ErrorCode.FLOW_HAS_VERSIONS, `Flow "${flow.name}" has published versions that runs refer to: archive it instead.`);
    }
    await this.flows.delete({ id });
  }

  async listVersions(id: string): Promise<FlowVersionDto[]> {
    await this.load(id);
    const versions = await this.versions.find({ where: { flowId: id }, order: { version: 'DESC' } });
    const users = await this.usersById(versions.map((v) => v.publishedById));
    return versions.map((v) => mapVersion(v, users, false));
  }

  async getVersion(id: string, version: number): Promise<FlowVersionDto> {
    const found = await this.findVersion(id, version);
    return mapVersion(found, await this.usersById([found.publishedById]), true);
  }

  async findVersion(id: string, version: number): Promise<FlowVersionEntity> {
    await this.load(id);
    const found = await this.versions.findOneBy({ flowId: id, version });
    if (!found) throw new DomainException(ErrorCode.FLOW_VERSION_NOT_FOUND, `Flow ${id} has no version ${version}.`);
    return found;
  }

  async diff(id: string, from: number | 'draft', to: number | 'draft'): Promise<FlowDiffDto> {
    const flow = await this.load(id);
    const definitionOf = async (side: number | 'draft') => withDefaults(side === 'draft' ? flow.definition : (await this.findVersion(id, side)).definition);
    return { from, to, ...diffDefinitions(await definitionOf(from), await definitionOf(to)) };
  }

  private async conflict(flowId: string, baseRevision: number): Promise<DomainException> {
    const current = await this.load(flowId);
    const lastSave = await this.saves.findOne({ where: { flowId }, order: { at: 'DESC', revision: 'DESC' } });
    const author = lastSave?.userId ? await this.users.findOneBy({ id: lastSave.userId }) : null;
    const savedAt = new Date(lastSave?.at ?? current.updatedAt).toISOString();
    const who = author ? (author.name ? `${author.name} (${author.email})` : author.email) : 'an API client';
    return new DomainException(
      ErrorCode.REVISION_CONFLICT,
      `${who} saved this flow at ${savedAt} (revision ${current.revision}); you edited revision ${baseRevision}. Reload to merge.`,
      { details: { currentRevision: current.revision, savedBy: author ? { email: author.email, name: author.name } : null, savedAt } },
    );
  }

  private async context(flows: FlowEntity[]): Promise<FlowListContext> {
    const users = await this.usersById(flows.map((f) => f.updatedById));
    const runsLast24h = this.runCounter && flows.length
      ? await this.runCounter.countRunsSince(flows.map((f) => f.id), Date.now() - 86_400_000)
      : new Map<string, number>();
    return { users, runsLast24h };
  }

  async usersById(ids: Array<string | null>): Promise<Map<string, UserEntity>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (!wanted.length) return new Map();
    return new Map((await this.users.findBy({ id: In(wanted) })).map((u) => [u.id, u]));
  }
}

export async function recordSave(
  m: EntityManager, flow: { id: string; revision: number }, action: FlowSaveAction, userId: string | null, at: number, version: number | null = null,
): Promise<void> {
  await m.getRepository(FlowSaveEntity).insert({ id: newId(), flowId: flow.id, action, revision: flow.revision, version, userId, at });
}

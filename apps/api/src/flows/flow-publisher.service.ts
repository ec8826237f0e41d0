import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FlowDto, FlowTestCaseDto, ProblemDto } from '@moflow/api-contract';
import { bumpRoutingVersion, FlowEntity, FlowKeywordEntity, FlowVersionEntity, newId } from '@moflow/data-access';
import type { FlowDefinition } from '@moflow/flow-spec';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { SecretBindingCheck } from '../secrets/secret-binding.check';
import { FLOW_TEST_RUNNER, type FlowTestRunnerPort } from './flow-ports';
import { FlowValidator } from './flow-validation';
import { claimsCollide, keywordClaims, type KeywordClaim } from './keyword-index';
import { FlowsService, recordSave } from './flows.service';

/** Serialises keyword claims across API replicas on PostgreSQL (SQLite has a single writer anyway). */
const KEYWORD_LOCK_ID = 7_461_001;

/**
 * Publishing: validate, optionally run the flow's tests, check keyword claims against other
 * published flows, append an immutable version and rebuild the flow's rows in the keyword index —
 * all in one transaction. Versions are never updated afterwards: running flows rely on that.
 */
@Injectable()
export class FlowPublisher {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly flows: FlowsService,
    private readonly validator: FlowValidator,
    private readonly secretBindings: SecretBindingCheck,
    @Optional() @Inject(FLOW_TEST_RUNNER) private readonly testRunner?: FlowTestRunnerPort,
  ) {}

  async publish(id: string, note: string | null, userId: string | null, now = Date.now()): Promise<FlowDto> {
    const flow = await this.flows.load(id);
    const result = await this.validator.validate(flow.definition);
    const bindings = result.definition ? await this.secretBindings.problems(result.definition) : [];
    if (!result.ok || !result.definition || bindings.some((p) => p.severity !== 'warning')) {
      const problems = [...result.problems.map((p): ProblemDto => ({ ...p })), ...bindings];
      const errors = problems.filter((p) => p.severity !== 'warning');
      throw new DomainException(ErrorCode.FLOW_INVALID, `The flow has ${errors.length} problem(s): ${errors.slice(0, 3).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`, { problems });
    }
    if (flow.requireTestsToPublish) await this.runTests(flow, result.definition);
    await this.appendVersion(flow.id, result.definition, flow.definitionHash, note, userId, now, 'publish');
    return this.flows.get(id);
  }

  /** Publishes an old version's definition as the newest version; the draft is left alone. */
  async rollback(id: string, version: number, userId: string | null, now = Date.now()): Promise<FlowDto> {
    const old = await this.flows.findVersion(id, version);
    await this.appendVersion(id, old.definition as FlowDefinition, old.definitionHash, `Rollback to version ${version}`, userId, now, 'rollback');
    return this.flows.get(id);
  }

  /** Stops the flow from starting: its keywords leave the index. Versions stay for run history. */
  async archive(id: string, userId: string | null, now = Date.now()): Promise<FlowDto> {
    await this.db.transaction(async (m) => {
      const flow = await this.flows.load(id, m);
      await m.getRepository(FlowKeywordEntity).delete({ flowId: id });
      await m.getRepository(FlowEntity).update({ id }, { status: 'archived', updatedAt: now, updatedById: userId });
      await bumpRoutingVersion(m);
      await recordSave(m, flow, 'archive', userId, now);
    });
    return this.flows.get(id);
  }

  private async appendVersion(
    flowId: string, definition: FlowDefinition, sourceHash: string, note: string | null, userId: string | null, now: number, action: 'publish' | 'rollback',
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      if (this.db.options.type === 'postgres') await m.query('SELECT pg_advisory_xact_lock($1)', [KEYWORD_LOCK_ID]);
      const flow = await this.flows.load(flowId, m);
      const claims = keywordClaims(definition);
      await this.assertNoKeywordConflict(m, flowId, claims);
      const last = await m.getRepository(FlowVersionEntity).findOne({ where: { flowId }, order: { version: 'DESC' } });
      const version = (last?.version ?? 0) + 1;
      await m.getRepository(FlowVersionEntity).insert({
        id: newId(), flowId, version, definition, definitionHash: sourceHash, note, publishedById: userId, publishedAt: now,
      });
      const keywords = m.getRepository(FlowKeywordEntity);
      await keywords.delete({ flowId });
      if (claims.length) await keywords.insert(claims.map((c) => ({ id: newId(), flowId, flowVersion: version, ...c })));
      await m.getRepository(FlowEntity).update({ id: flowId }, { status: 'published', publishedVersion: version, publishedHash: sourceHash, updatedAt: now, updatedById: userId });
      await bumpRoutingVersion(m);
      await recordSave(m, flow, action, userId, now, version);
    });
  }

  private async assertNoKeywordConflict(m: EntityManager, flowId: string, claims: KeywordClaim[]): Promise<void> {
    if (!claims.length) return;
    const taken = await m.getRepository(FlowKeywordEntity).findBy({ flowId: Not(flowId), keyword: In([...new Set(claims.map((c) => c.keyword))]) });
    for (const claim of claims) {
      const other = taken.find((t) => claimsCollide(claim, t));
      if (!other) continue;
      const owner = await m.getRepository(FlowEntity).findOneBy({ id: other.flowId });
      const where = (c: string) => (c === '*' ? 'every channel' : `channel ${c}`);
      throw new DomainException(
        ErrorCode.KEYWORD_CONFLICT,
        `Keyword "${claim.keyword}" on ${where(claim.channel)} is already claimed by published flow "${owner?.name ?? other.flowId}" (on ${where(other.channel)}).`,
        { details: { keyword: claim.keyword, channel: claim.channel, nodeId: claim.nodeId, conflictingFlow: { id: other.flowId, name: owner?.name ?? null, channel: other.channel } } },
      );
    }
  }

  private async runTests(flow: FlowEntity, definition: FlowDefinition): Promise<void> {
    if (!this.testRunner) throw new DomainException(ErrorCode.FLOW_TESTS_UNAVAILABLE);
    const report = await this.testRunner.runTests(flow.id, definition, flow.tests as FlowTestCaseDto[]);
    if (report.failed > 0) {
      const first = report.results.find((r) => !r.passed);
      throw new DomainException(
        ErrorCode.FLOW_TESTS_FAILED,
        `${report.failed} of ${report.passed + report.failed} flow test(s) fail${first ? `; first: "${first.name}": ${first.firstDifference ?? 'differs'}` : ''}.`,
        { details: { passed: report.passed, failed: report.failed, results: report.results } },
      );
    }
  }
}

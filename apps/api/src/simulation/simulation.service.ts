import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RunEventDto, RunStatusDto, SimulateRequest, SimulateResponse, SimulationStepInput } from '@moflow/api-contract';
import { DataRowEntity, FlowEntity } from '@moflow/data-access';
import { TurnPool, TurnStoppedError, type TurnJob } from '@moflow/engine-pool';
import type { EnginePorts, InboundMessageSnapshot, RunEvent, RunResult } from '@moflow/flow-engine';
import { validateFlow, type FlowDefinition } from '@moflow/flow-spec';
import { DataSource } from 'typeorm';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { mockedHttp, simulatedSecrets, simulationPorts, type SimulationRecorder } from './simulation-ports';

const SIM_CHANNEL = 'simulator';

/**
 * Runs a flow for a made-up contact entirely in memory. With `parameters` the run starts as a REST
 * start and every script line is a reply; otherwise the first text starts it (as a keyword would)
 * and the rest are replies. Data tables are read (read-only); nothing is written anywhere.
 */
@Injectable()
export class SimulationService {
  constructor(private readonly ds: DataSource, private readonly pool: TurnPool) {}

  /** The draft of a flow, or the given definition, validated. */
  async definitionFor(flowId: string, given: unknown): Promise<FlowDefinition> {
    let raw = given;
    if (raw === undefined) {
      const flow = await this.ds.getRepository(FlowEntity).findOneBy({ id: flowId });
      if (!flow) throw new DomainException(ErrorCode.FLOW_NOT_FOUND, `No flow with id ${flowId}.`);
      raw = flow.definition;
    }
    const result = validateFlow(raw);
    if (!result.ok || !result.definition) {
      throw new DomainException(ErrorCode.FLOW_INVALID, 'The flow has problems: fix them before simulating.', {
        problems: result.problems.map((p) => ({ path: given === undefined ? p.path : `definition.${p.path}`.replace(/\.$/, ''), nodeId: p.nodeId, code: p.code, message: p.message, severity: p.severity })),
      });
    }
    return result.definition;
  }

  async simulate(definition: FlowDefinition, req: Omit<SimulateRequest, 'definition'>): Promise<SimulateResponse> {
    const script = checkScript(req.script);
    const rec: SimulationRecorder = { transcript: [] };
    const tables = {
      find: async (table: string, key: string) => (await this.ds.getRepository(DataRowEntity).findOneBy({ table, key }))?.row ?? null,
    };
    const ports = simulationPorts(rec, mockedHttp(req.lookups ?? {}), tables, simulatedSecrets(definition));
    // each turn runs in the worker pool: a runaway expression stops this simulation, not the server
    const turn = (job: TurnJob) => runTurn(this.pool, job, ports);
    const phone = req.contact?.phone ?? '+15550100000';
    const channelId = req.channelId ?? SIM_CHANNEL;
    const message = (text: string): InboundMessageSnapshot => ({
      id: randomUUID(), text, from: phone, to: channelId, channelId, receivedAt: new Date().toISOString(),
    });
    const contact = { id: 'simulated-contact', phone, name: req.contact?.name ?? null, fields: req.contact?.fields ?? {}, subscriptions: [] };
    const events: RunEvent[] = [];
    const rest = req.parameters !== undefined;
    const first = rest ? null : script.shift();
    if (first && 'text' in first) rec.transcript.push({ direction: 'in', text: first.text });
    let result: RunResult = await turn({ kind: 'start', params: {
      runId: randomUUID(), flowId: 'simulation', flowVersion: 0, definition, contact, channelId,
      message: first && 'text' in first ? message(first.text) : null,
      trigger: { kind: 'simulation', ...(rest ? { parameters: req.parameters } : {}) },
    } });
    events.push(...result.events);
    for (const step of script) {
      if (result.state.status !== 'waiting') break;
      if ('text' in step) rec.transcript.push({ direction: 'in', text: step.text });
      result = await turn({ kind: 'resume', definition, state: result.state, event: 'text' in step ? { kind: 'reply', message: message(step.text) } : { kind: 'timeout' } });
      events.push(...result.events);
    }
    return {
      transcript: rec.transcript,
      events: events.map(toEventDto),
      status: result.state.status as RunStatusDto,
      vars: result.state.vars,
      path: events.flatMap((e) => (e.type === 'step_entered' ? [e.nodeId] : [])),
    };
  }
}

async function runTurn(pool: TurnPool, job: TurnJob, ports: EnginePorts): Promise<RunResult> {
  try {
    return await pool.runTurn(job, ports, { fixedRandom: 0.5 });
  } catch (err) {
    if (err instanceof TurnStoppedError) throw new DomainException(ErrorCode.TURN_STOPPED, `The simulation was stopped: ${err.message}.`, { details: { reason: err.reason } });
    throw err;
  }
}

function toEventDto(e: RunEvent): RunEventDto {
  const { runId: _runId, at, ...rest } = e;
  return { ...rest, at: new Date(at).toISOString() } as RunEventDto;
}

function checkScript(script: unknown): SimulationStepInput[] {
  if (!Array.isArray(script)) throw invalid('script', 'must be an array of {text} or {timeout: true}');
  if (script.length > 200) throw invalid('script', 'must have at most 200 steps');
  return script.map((s: unknown, i) => {
    const o = s as Record<string, unknown> | null;
    if (o && typeof o === 'object' && typeof o['text'] === 'string' && o['text'].length <= 1600) return { text: o['text'] };
    if (o && typeof o === 'object' && o['timeout'] === true) return { timeout: true };
    throw invalid(`script[${i}]`, 'must be {"text": "..."} (at most 1600 characters) or {"timeout": true}');
  });
}

function invalid(path: string, message: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, `${path}: ${message}`, { problems: [problem(path, message)] });
}

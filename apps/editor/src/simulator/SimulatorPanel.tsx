import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { FlowTestCaseDto, RunTestsResponse, SimulateRequest, SimulateResponse, SimulationStepInput } from '@moflow/api-contract';
import { flowsApi } from '../api/flows-api';
import { useFlowStore } from '../store/flow-store';
import { freshId } from '../utils/ids';
import { chatItems, failedLookups } from './chat-items';
import { ContactSetup } from './ContactSetup';
import { emptySetup, simInput, type SimSetup } from './sim-setup';

const STEP_MS = 350;

/**
 * A phone-like chat against the draft on the server (no real SMS). The simulate endpoint is
 * stateless, so each message replays the whole script; the path of the latest answer lights up
 * on the canvas one step at a time.
 */
export function SimulatorPanel({ saveNow, readOnly = false, hidden = false }: { saveNow: () => Promise<void>; readOnly?: boolean; hidden?: boolean }) {
  const flowId = useFlowStore((s) => s.flowId) ?? '';
  const definition = useFlowStore((s) => s.definition);
  const tests = useFlowStore((s) => s.tests);
  const channels = useQuery({ queryKey: ['channels'], queryFn: flowsApi.channels, retry: false });
  const [channelId, setChannelId] = useState('');
  const [contact, setContact] = useState<SimSetup>(emptySetup);
  const [script, setScript] = useState<SimulationStepInput[]>([]);
  const [text, setText] = useState('');
  const [result, setResult] = useState<SimulateResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [testRun, setTestRun] = useState<RunTestsResponse | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const chatEnd = useRef<HTMLDivElement>(null);

  useEffect(() => () => {
    if (timer.current) clearInterval(timer.current);
    useFlowStore.getState().setSimulation([], null);
    useFlowStore.getState().setSimBadges(null);
  }, []);
  // Braces matter: newer Chromium returns a Promise from scrollIntoView, which React would call as a cleanup.
  useEffect(() => { void chatEnd.current?.scrollIntoView?.({ block: 'end' }); }, [result]);

  const parsed = useMemo(() => simInput(contact), [contact]);

  const animate = (path: string[]) => {
    if (timer.current) clearInterval(timer.current);
    let i = 0;
    const tick = () => {
      useFlowStore.getState().setSimulation(path.slice(0, i + 1), path[i] ?? null);
      if (++i >= path.length && timer.current) { clearInterval(timer.current); timer.current = null; }
    };
    tick();
    if (path.length > 1) timer.current = setInterval(tick, STEP_MS);
  };

  const run = async (nextScript: SimulationStepInput[]) => {
    if (!parsed.ok) { setError(parsed.error); return; }
    setBusy(true); setError(null);
    try {
      const body: SimulateRequest = { definition, script: nextScript, contact: parsed.contact, lookups: parsed.lookups,
        ...(channelId ? { channelId } : {}), ...(parsed.parameters ? { parameters: parsed.parameters } : {}) };
      const r = await flowsApi.simulate(flowId, body);
      setScript(nextScript);
      setResult(r);
      animate(r.path);
      const badges = failedLookups(r.events);
      useFlowStore.getState().setSimBadges(Object.keys(badges).length ? badges : null);
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); } finally { setBusy(false); }
  };

  const send = (e: FormEvent) => { e.preventDefault(); if (text.trim()) { void run([...script, { text }]); setText(''); } };
  const reset = () => {
    setScript([]); setResult(null); setTestRun(null);
    useFlowStore.getState().setSimulation([], null);
    useFlowStore.getState().setSimBadges(null);
  };
  const items = useMemo(() => (result ? chatItems(result, definition) : []), [result, definition]);

  const saveAsTest = () => {
    if (!result || !parsed.ok) return;
    const id = freshId('test', new Set(tests.map((t) => t.id)));
    const tc: FlowTestCaseDto = {
      id, name: `Conversation ${tests.length + 1}: ${script.map((s) => ('text' in s ? s.text : '⏱')).join(' / ')}`.slice(0, 100),
      script, expect: result.transcript.filter((m) => m.direction === 'out').map((m) => ({ text: m.text, match: 'exact' as const })),
      contact: parsed.contact, ...(Object.keys(parsed.lookups).length ? { lookups: parsed.lookups } : {}),
    };
    useFlowStore.getState().setTests([...tests, tc]);
  };
  const runTests = async () => {
    setBusy(true); setError(null);
    try { await saveNow(); setTestRun(await flowsApi.runTests(flowId)); }
    catch (e) { setError(e instanceof Error ? e.message : String(e)); } finally { setBusy(false); }
  };

  return (
    <aside className="side-panel simulator" aria-label="Simulator" data-testid="simulator" hidden={hidden}>
      <h2>Simulator</h2>
      <div className="field">
        <label htmlFor="sim-channel" className="field-label">Channel</label>
        <select id="sim-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
          <option value="">Default channel</option>
          {(channels.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name ?? c.number ?? c.id}</option>)}
        </select>
      </div>
      <ContactSetup value={contact} onChange={setContact} error={parsed.ok ? null : parsed.error} />
      <div className="phone" aria-label="Conversation" role="log" aria-live="polite">
        {items.map((item, i) => {
          if (item.kind === 'note') return <div key={i} className={`chat-note ${item.tone}`} data-testid="sim-note">{item.text}</div>;
          const m = item.message;
          return (
            <div key={i} className={`bubble ${m.direction}`} data-testid={m.direction === 'out' ? 'sim-reply' : 'sim-message'}>
              <div>{m.text}</div>
              {m.direction === 'out' && m.segments !== undefined && <div className="meta">{m.encoding} · {m.segments} segment{m.segments === 1 ? '' : 's'}</div>}
            </div>
          );
        })}
        {result && <div className="status small muted" data-testid="sim-status">run {result.status}</div>}
        <div ref={chatEnd} />
      </div>
      <form onSubmit={send} className="row">
        <input aria-label="Message to send" value={text} onChange={(e) => setText(e.target.value)} placeholder="Type as the contact…" disabled={busy} />
        <button type="submit" className="primary" disabled={busy || !text.trim()}>Send</button>
      </form>
      <div className="row">
        <button type="button" onClick={() => void run([...script, { timeout: true }])} disabled={busy || result?.status !== 'waiting'}>Fire wait timeout</button>
        {parsed.ok && parsed.parameters && script.length === 0 && <button type="button" onClick={() => void run([])} disabled={busy}>Start run</button>}
        <button type="button" onClick={reset}>Restart</button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <details open>
          <summary>Variables</summary>
          <pre className="mono small" data-testid="sim-vars">{JSON.stringify(result.vars, null, 2)}</pre>
        </details>
      )}
      <h3>Tests ({tests.length})</h3>
      <div className="row">
        {!readOnly && <button type="button" onClick={saveAsTest} disabled={!result}>Save conversation as test</button>}
        <button type="button" onClick={() => void runTests()} disabled={busy || tests.length === 0}>Run all tests</button>
      </div>
      {testRun && (
        <div role="status" data-testid="test-results">
          <p><strong>{testRun.passed} passed, {testRun.failed} failed</strong></p>
          <ul>{testRun.results.map((r) => <li key={r.caseId} className={r.passed ? 'ok' : 'error'}>{r.passed ? '✓' : '✗'} {r.name}{r.firstDifference ? `: ${r.firstDifference}` : ''}</li>)}</ul>
        </div>
      )}
    </aside>
  );
}

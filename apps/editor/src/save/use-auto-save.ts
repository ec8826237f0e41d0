import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlowDto } from '@moflow/api-contract';
import { flowsApi } from '../api/flows-api';
import { ApiRequestError } from '../api/client';
import { useFlowStore } from '../store/flow-store';

export interface Conflict { currentRevision: number | null; savedBy: string; savedAt: string | null }
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

const DEBOUNCE_MS = 800;

function conflictOf(err: ApiRequestError): Conflict {
  const d = err.body.details ?? {};
  const by = d.savedBy as { email?: string; name?: string | null } | string | undefined;
  return {
    currentRevision: typeof d.currentRevision === 'number' ? d.currentRevision : null,
    savedBy: typeof by === 'string' ? by : by?.name && by.email ? `${by.name} (${by.email})` : by?.name || by?.email || 'Someone else',
    savedAt: typeof d.savedAt === 'string' ? d.savedAt : null,
  };
}

/**
 * Saves the draft shortly after each edit with the revision it was loaded at. A stale revision is
 * never overwritten silently: the 409 stops auto-save until the user picks "reload theirs" or
 * "keep mine", and keeping mine re-sends against the revision the server reported.
 */
export function useAutoSave(onReloaded: (flow: FlowDto) => void) {
  const editSeq = useFlowStore((s) => s.editSeq);
  const savedSeq = useFlowStore((s) => s.savedSeq);
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const inFlight = useRef(false);

  const save = useCallback(async (baseOverride?: number) => {
    const s = useFlowStore.getState();
    if (!s.flowId || inFlight.current) return;
    inFlight.current = true;
    const seq = s.editSeq;
    setStatus('saving');
    try {
      const flow = await flowsApi.update(s.flowId, { baseRevision: baseOverride ?? s.revision, name: s.name, definition: s.definition, tests: s.tests });
      useFlowStore.getState().markSaved(flow.revision, seq);
      setConflict(null); setError(null);
      setStatus(useFlowStore.getState().editSeq === seq ? 'saved' : 'pending');
    } catch (e) {
      if (e instanceof ApiRequestError && e.status === 409) { setConflict(conflictOf(e)); setStatus('conflict'); }
      else { setError(e instanceof Error ? e.message : String(e)); setStatus('error'); }
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    if (editSeq === savedSeq || conflict) return;
    setStatus((st) => (st === 'saving' ? st : 'pending'));
    const t = setTimeout(() => void save(), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [editSeq, savedSeq, conflict, save]);

  const keepMine = useCallback(async () => {
    const flowId = useFlowStore.getState().flowId;
    if (!flowId || !conflict) return;
    // Ask the server for the revision it has now: we overwrite exactly what the user was shown.
    const base = conflict.currentRevision ?? (await flowsApi.get(flowId)).revision;
    setConflict(null);
    await save(base);
  }, [conflict, save]);

  const reloadTheirs = useCallback(async () => {
    const flowId = useFlowStore.getState().flowId;
    if (!flowId) return;
    const flow = await flowsApi.get(flowId);
    setConflict(null);
    setStatus('saved');
    onReloaded(flow);
  }, [onReloaded]);

  return { status, error, conflict, keepMine, reloadTheirs, saveNow: save };
}

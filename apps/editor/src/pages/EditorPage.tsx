import { useCallback, useEffect, useRef, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { FlowDto, UserDto } from '@moflow/api-contract';
import type { FlowNode } from '@moflow/flow-spec';
import { takeFlow } from '../api/flow-prefetch';
import { can } from '../auth/permissions';
import { useFitAll } from '../canvas/CanvasChrome';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { ImportExport } from '../canvas/ImportExport';
import { Palette } from '../canvas/Palette';
import { useShortcuts } from '../canvas/use-shortcuts';
import { SidePanel } from '../panels/SidePanel';
import { plainProblems, type PlainProblem } from '../problems/plain-problem';
import { validateAsync } from '../problems/validate-async';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import { ConflictBanner } from '../save/ConflictBanner';
import { PublishDialog } from '../save/PublishDialog';
import { useAutoSave, type SaveStatus } from '../save/use-auto-save';
import { VersionsPanel } from '../save/VersionsPanel';
import { SimulatorPanel } from '../simulator/SimulatorPanel';
import { useFlowStore } from '../store/flow-store';
import { normaliseDefinition } from '../utils/normalise-definition';
import { onlyPositionsDiffer } from '../utils/to-react-flow';
import { useDebounced } from '../utils/use-debounced';
import { hrefFor, navigate } from '../use-hash-route';

type RightPanel = 'node' | 'simulator' | 'versions';
const saveText: Record<SaveStatus, string> = { saved: 'All changes saved', pending: 'Unsaved changes…', saving: 'Saving…', error: 'Save failed', conflict: 'Not saved: conflict' };

function loadIntoStore(flow: FlowDto): void {
  useFlowStore.getState().load({ id: flow.id, name: flow.name, revision: flow.revision, definition: normaliseDefinition(flow.definition), tests: flow.tests });
}

export function EditorPage({ flowId, user }: { flowId: string; user: UserDto }) {
  // gcTime 0: reopening a flow always fetches it again, never a stale revision from an earlier visit;
  // the request may already be on its way (started by the click, see api/flow-prefetch).
  const flow = useQuery({ queryKey: ['flow', flowId], queryFn: () => takeFlow(flowId), staleTime: Infinity, gcTime: 0 });
  const [loadedId, setLoadedId] = useState<string | null>(null);
  useEffect(() => {
    if (flow.data && loadedId !== flow.data.id) { loadIntoStore(flow.data); setLoadedId(flow.data.id); }
  }, [flow.data, loadedId]);
  if (flow.error) return <p className="centered error" role="alert">Could not open the flow: {flow.error.message} <a href="#/flows">Back to flows</a></p>;
  if (!flow.data || loadedId !== flow.data.id) return <p className="centered" role="status">Opening flow…</p>;
  return <ReactFlowProvider><Editor initial={flow.data} readOnly={!can(user.role, 'editFlows')} /></ReactFlowProvider>;
}

function Editor({ initial, readOnly }: { initial: FlowDto; readOnly: boolean }) {
  const qc = useQueryClient();
  const definition = useFlowStore((s) => s.definition);
  const name = useFlowStore((s) => s.name);
  const canUndo = useFlowStore((s) => s.past.length > 0);
  const canRedo = useFlowStore((s) => s.future.length > 0);
  const [publishedVersion, setPublishedVersion] = useState(initial.publishedVersion);
  const [panel, setPanel] = useState<RightPanel>('node');
  const [publishing, setPublishing] = useState(false);
  const [ghosts, setGhosts] = useState<FlowNode[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const { getNodes } = useReactFlow();
  const fitAll = useFitAll();
  useShortcuts(!readOnly);

  // Validation waits for a pause in editing, and on open for the first paint of the canvas.
  const debounced = useDebounced<typeof definition | null>(definition, 250, null);
  // In a worker: on big flows validation is a long task that must not land in a drag's frames.
  const [problems, setProblems] = useState<PlainProblem[]>([]);
  const validated = useRef<typeof definition | null>(null);
  useEffect(() => {
    if (!debounced) return;
    // A drag moved steps and changed nothing else: the problems (and their step names) stand.
    if (validated.current && onlyPositionsDiffer(validated.current, debounced)) return;
    validated.current = debounced;
    // The latest validation wins; a later move-only change keeps waiting for it rather than cancel it.
    const def = debounced;
    void validateAsync(def).then((found) => { if (validated.current === def) setProblems(plainProblems(found, def)); });
  }, [debounced]);

  const onReloaded = useCallback((flow: FlowDto) => { loadIntoStore(flow); qc.setQueryData(['flow', flow.id], flow); }, [qc]);
  const save = useAutoSave(onReloaded);
  const saveNow = useCallback(async () => {
    const s = useFlowStore.getState();
    if (s.editSeq !== s.savedSeq) await save.saveNow();
  }, [save]);

  // Selecting a step shows its settings, also while simulating: the simulator stays mounted (hidden),
  // so its conversation and the lit path are there again when Simulate is pressed.
  // A store subscription, not a selector: a click must not re-render the whole editor.
  useEffect(() => useFlowStore.subscribe((s, prev) => {
    if (s.selectedNodeIds !== prev.selectedNodeIds && s.selectedNodeIds.length > 0) setPanel('node');
  }), []);
  const [simOpened, setSimOpened] = useState(false);
  useEffect(() => { if (panel === 'simulator') setSimOpened(true); }, [panel]);

  const layout = async () => {
    const sizes = new Map(getNodes().map((n) => [n.id, { width: n.measured?.width ?? 260, height: n.measured?.height ?? 120 }]));
    // ELK is large; load it only when someone asks for a layout.
    const { autoLayout } = await import('../utils/auto-layout');
    useFlowStore.getState().replaceDefinition(await autoLayout(useFlowStore.getState().definition, sizes));
    requestAnimationFrame(() => fitAll({ duration: 300 }));
  };

  return (
    <div className="editor">
      <header className="topbar">
        <button type="button" onClick={() => navigate({ page: 'flows' })} aria-label="Back to flows">← Flows</button>
        {readOnly ? <>
          <h1 className="flow-name">{name}</h1>
          <span className="read-only-note" data-testid="read-only-note">View only: your role can look at flows and simulate them, not change them.</span>
          <a className="button" href={hrefFor(['analytics', 'flows', initial.id])}>Analytics</a>
        </> : <>
          <input className="flow-name" aria-label="Flow name" value={name} onChange={(e) => useFlowStore.getState().rename(e.target.value)} />
          <span className={`save-status ${save.status}`} role="status" data-testid="save-status">{saveText[save.status]}{save.error ? `: ${save.error}` : ''}</span>
          {save.status === 'error' && <button type="button" onClick={() => void save.saveNow()}>Retry</button>}
        </>}
        {/* In the bar, not above the canvas: a notice must not shrink the canvas after Fit view. */}
        {notice && <span className="notice" role="status">{notice} <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss">×</button></span>}
        <span className="spacer" />
        {!readOnly && <>
          <button type="button" onClick={() => useFlowStore.getState().undo()} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">↶</button>
          <button type="button" onClick={() => useFlowStore.getState().redo()} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">↷</button>
          <button type="button" onClick={() => void layout()}>Auto layout</button>
        </>}
        <button type="button" onClick={() => fitAll({ duration: 300 })}>Fit view</button>
        {!readOnly && <ImportExport />}
        <button type="button" aria-pressed={panel === 'versions'} onClick={() => setPanel(panel === 'versions' ? 'node' : 'versions')}>Versions</button>
        <button type="button" aria-pressed={panel === 'simulator'} onClick={() => setPanel(panel === 'simulator' ? 'node' : 'simulator')}>Simulate</button>
        <span className="muted small">{publishedVersion ? `Live: v${publishedVersion}` : 'Draft'}</span>
        {!readOnly && <button type="button" className="primary" onClick={() => setPublishing(true)}>Publish…</button>}
      </header>
      {save.conflict && <ConflictBanner conflict={save.conflict} onReload={() => void save.reloadTheirs()} onKeepMine={() => void save.keepMine()} />}
      <div className={readOnly ? 'workspace read-only' : 'workspace'}>
        {!readOnly && <Palette />}
        <main className="canvas-column">
          <FlowCanvas problems={problems} ghosts={ghosts} readOnly={readOnly} />
          {!readOnly && <ProblemsPanel problems={problems} />}
        </main>
        {panel === 'node' && <SidePanel problems={problems} readOnly={readOnly} />}
        {simOpened && <SimulatorPanel saveNow={saveNow} readOnly={readOnly} hidden={panel !== 'simulator'} />}
        {panel === 'versions' && <VersionsPanel key={publishedVersion ?? 0} liveVersion={publishedVersion} readOnly={readOnly} onGhosts={setGhosts} onRolledBack={(f, v) => {
          const st = useFlowStore.getState();
          st.markSaved(f.revision, st.savedSeq);
          setPublishedVersion(f.publishedVersion);
          setNotice(`v${v} is live again (as v${f.publishedVersion}). The draft is unchanged.`);
        }} />}
      </div>
      {publishing && (
        <PublishDialog publishedVersion={publishedVersion} problems={problems} saveNow={saveNow} onClose={() => setPublishing(false)}
          onPublished={(f) => {
            // What was painted as changed against an older version is now live: clear it.
            useFlowStore.getState().setPaint(null); setGhosts([]);
            setPublishedVersion(f.publishedVersion); setPublishing(false); setNotice(`Published as v${f.publishedVersion}.`); void qc.invalidateQueries({ queryKey: ['versions'] }); }} />
      )}
    </div>
  );
}

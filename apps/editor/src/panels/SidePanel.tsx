import { memo, useDeferredValue, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import type { ProblemDto } from '@moflow/api-contract';
import { entryOf } from '../catalogue/node-catalogue';
import { useFlowStore } from '../store/flow-store';
import { suggestionPool } from '../utils/autocomplete';
import { knownVarsOf, stepOutputsFor, type StepOutput } from '../utils/known-vars';
import { memoByIdentity } from '../utils/memo-by-identity';
import { stepName } from '../utils/step-name';
import { TextInput } from './fields/inputs';
import { SuggestionPoolContext } from './fields/suggestion-pool';
import { ConnectionsField } from './ConnectionsField';
import { LookupPanel } from './LookupPanel';
import { MatchPanel } from './MatchPanel';
import { ReplyPanel } from './ReplyPanel';
import { SetPanel } from './SetPanel';
import { EndPanel, SubscribePanel } from './SubscribePanel';
import { TicketPanel } from './TicketPanel';
import { TriggerPanel } from './TriggerPanel';
import { WaitPanel } from './WaitPanel';

// Per definition: selecting a step (a drag starts with that) changes the store but not the flow.
const knownVarsMemo = memoByIdentity((def: FlowDefinition, _: null) => knownVarsOf(def));
const outputsKeyMemo = memoByIdentity((def: FlowDefinition, id: string) => JSON.stringify(stepOutputsFor(def, id)));

function Form({ node, knownVars }: { node: FlowNode; knownVars: string[] }) {
  const update = (config: FlowNode['config']) => useFlowStore.getState().updateConfig(node.id, config);
  switch (node.type) {
    case 'trigger': return <TriggerPanel config={node.config} onChange={update} />;
    case 'reply': return <ReplyPanel config={node.config} onChange={update} knownVars={knownVars} />;
    case 'match': return <MatchPanel config={node.config} onChange={update} knownVars={knownVars} />;
    case 'lookup': return <LookupPanel nodeId={node.id} config={node.config} onChange={update} knownVars={knownVars} />;
    case 'ticket': return <TicketPanel config={node.config} onChange={update} knownVars={knownVars} />;
    case 'wait': return <WaitPanel config={node.config} onChange={update} />;
    case 'set': return <SetPanel config={node.config} onChange={update} />;
    case 'subscribe': return <SubscribePanel config={node.config} onChange={update} />;
    case 'end': return <EndPanel config={node.config} onChange={update} />;
  }
}

/** Memoised: the editor re-renders on every edit, the panel only when its own step or the problems change. */
export const SidePanel = memo(function SidePanel({ problems, readOnly = false }: { problems: readonly (ProblemDto & { text?: string })[]; readOnly?: boolean }) {
  // A drag that picks up another step selects it: its forms mount after the drop, not while the
  // step follows the pointer (mounting a panel is a long frame on a big flow).
  const wanted = useFlowStore((s) => (s.selectedNodeIds.length === 1 ? s.selectedNodeIds[0]! : null));
  const dragging = useFlowStore((s) => s.dragging);
  const [shown, setShown] = useState(wanted);
  if (!dragging && shown !== wanted) setShown(wanted);
  // Deferred: picking a step first paints the selection on the canvas; the forms mount in a
  // lower-priority render that React can interrupt, not in the same frame.
  // Only which step is deferred, never its content: a field being typed in stays controlled at once.
  const selectedId = useDeferredValue(shown);
  const node = useFlowStore((s) => (selectedId === null ? null : s.definition.nodes.find((n) => n.id === selectedId) ?? null));
  // Only the names matter: moving a step must not re-render the forms.
  const knownVars = useFlowStore(useShallow((s) => knownVarsMemo(s.definition, null)));
  // As a string, so an edit that changes no earlier step's outputs does not re-render the forms.
  const outputsKey = useFlowStore((s) => (selectedId === null ? '[]' : outputsKeyMemo(s.definition, selectedId)));
  const pool = useMemo(() => suggestionPool(JSON.parse(outputsKey) as StepOutput[]), [outputsKey]);
  if (!node) return <aside className="side-panel empty" aria-label="Node settings"><p className="muted">Select a step to edit it.</p></aside>;
  const entry = entryOf(node.type);
  const mine = problems.filter((p) => p.nodeId === node.id);
  return (
    <aside className="side-panel" aria-label="Node settings" data-testid="side-panel">
      <header>
        <h2 title={`id: ${node.id}`}><entry.icon className="icon" size={16} aria-hidden /> {entry.label}: {stepName(node)}</h2>
        <p className="muted small">{entry.description}</p>
      </header>
      {mine.length > 0 && (
        <ul className="problems-inline" aria-label="Problems of this step">
          {mine.map((p, i) => <li key={i} className={p.severity === 'warning' ? 'warning' : 'error'} title={`${p.path}: ${p.message}`}>{p.text ?? `${p.path}: ${p.message}`}</li>)}
        </ul>
      )}
      {node.review && (
        <div className="review-note" role="note" data-testid="review-note">
          <strong>Check this imported step:</strong> {node.review}
          {!readOnly && <button type="button" onClick={() => useFlowStore.getState().clearReview(node.id)}>Mark as checked</button>}
        </div>
      )}
      {/* A disabled fieldset disables every control inside it: the settings stay readable, not editable. */}
      <fieldset className="plain" disabled={readOnly}>
        <TextInput label="Step name" value={node.label ?? ''} placeholder={entry.label} onChange={(v) => useFlowStore.getState().updateLabel(node.id, v)} />
        <SuggestionPoolContext.Provider value={pool}>
          <Form key={node.id} node={node} knownVars={knownVars} />
        </SuggestionPoolContext.Provider>
        <ConnectionsField node={node} />
        {!readOnly && <button type="button" className="danger" onClick={() => useFlowStore.getState().deleteElements([node.id], [])}>Delete step</button>}
      </fieldset>
    </aside>
  );
});

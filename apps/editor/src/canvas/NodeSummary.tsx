import { analyzeText } from '@moflow/sms';
import type { FlowNode } from '@moflow/flow-spec';
import { formatDuration } from '../utils/human-duration';

function clip(text: string, max = 90): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The key settings of a node, readable on the canvas without opening it. */
export function NodeSummary({ node }: { node: FlowNode }) {
  switch (node.type) {
    case 'trigger': {
      const c = node.config;
      return (
        <div className="summary">
          <div className="chips">{c.keywords.length ? c.keywords.map((k) => <span key={k} className="chip">{k}</span>)
            : <span className="muted">{c.catchAll ? 'any message' : c.rest ? 'started over REST' : 'no keywords: never starts'}</span>}</div>
          {c.keywords.length > 0 && <div className="muted small">{c.match.replace('_', ' ')}{c.typoTolerance ? ' · typo tolerant' : ''}{c.catchAll ? ' · catch-all' : ''}</div>}
        </div>
      );
    }
    case 'reply': {
      const a = analyzeText(node.config.text);
      return (
        <div className="summary">
          <div className="text">{clip(node.config.text) || <span className="muted">empty</span>}</div>
          <div className="muted small">{a.encoding} · {a.segments} segment{a.segments === 1 ? '' : 's'}</div>
        </div>
      );
    }
    case 'match':
      return <div className="summary muted small">on {node.config.input} · {node.config.cases.length} case{node.config.cases.length === 1 ? '' : 's'}</div>;
    case 'lookup':
      return (
        <div className="summary small">
          {node.config.kind === 'http' ? <code className="url">{node.config.method} {clip(node.config.url, 60)}</code> : <span>table {node.config.table}</span>}
        </div>
      );
    case 'ticket':
      return <div className="summary small">{clip(node.config.subject, 60)} <span className="muted">· {node.config.team} · {node.config.priority}</span></div>;
    case 'wait':
      return <div className="summary small">timeout after <strong>{formatDuration(node.config.timeoutSeconds)}</strong> → vars.{node.config.resultVar}</div>;
    case 'set':
      return <div className="summary small">{node.config.assignments.map((a) => a.target).join(', ')}</div>;
    case 'subscribe':
      return <div className="summary small">{node.config.action} {node.config.list}</div>;
    case 'end':
      return <div className="summary small muted">{node.config.status}{node.config.reason ? ` · ${node.config.reason}` : ''}</div>;
  }
}

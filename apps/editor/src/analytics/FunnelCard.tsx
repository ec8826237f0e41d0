import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { FlowDefinition } from '@moflow/flow-spec';
import { stepName } from '../utils/step-name';
import { analyticsApi, type Range } from './analytics-api';
import { percent } from './analytics-overlay';

/** How many of the runs that reached one step went on to reach another, steps chosen by name. */
export function FunnelCard({ flowId, def, range }: { flowId: string; def: FlowDefinition; range: Range }) {
  const steps = def.nodes.map((n) => ({ id: n.id, name: stepName(n) }));
  const [fromNode, setFrom] = useState(steps[0]?.id ?? '');
  const [toNode, setTo] = useState(steps[steps.length - 1]?.id ?? '');
  const ready = Boolean(fromNode && toNode && fromNode !== toNode);
  const funnel = useQuery({
    queryKey: ['funnel', flowId, fromNode, toNode, range.from, range.to], enabled: ready,
    queryFn: () => analyticsApi.funnel(flowId, fromNode, toNode, range),
  });
  const name = (id: string) => steps.find((s) => s.id === id)?.name ?? id;
  const f = funnel.data;
  return (
    <section className="card" aria-label="Funnel">
      <h3>Funnel</h3>
      <div className="filters">
        <label>From step<select value={fromNode} onChange={(e) => setFrom(e.target.value)}>{steps.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></label>
        <label>To step<select value={toNode} onChange={(e) => setTo(e.target.value)}>{steps.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></label>
      </div>
      {!ready && <p className="muted">Choose two different steps.</p>}
      {funnel.error && <p role="alert" className="error">{funnel.error.message}</p>}
      {ready && f && (
        <>
          <p data-testid="funnel-result">
            {f.entered === 0 ? `No run reached “${name(f.fromNode)}” in this range.`
              : `${f.reached.toLocaleString('en')} of ${f.entered.toLocaleString('en')} runs that reached “${name(f.fromNode)}” went on to “${name(f.toNode)}” (${percent(f.rate)}).`}
          </p>
          <div role="figure" aria-label="Funnel chart" className="chart">
            <ResponsiveContainer width="100%" height={120}>
              <BarChart layout="vertical" data={[{ step: name(f.fromNode), runs: f.entered }, { step: name(f.toNode), runs: f.reached }]} margin={{ left: 8, right: 40 }}>
                <XAxis type="number" hide allowDecimals={false} />
                <YAxis type="category" dataKey="step" width={140} fontSize={12} />
                <Bar dataKey="runs" fill="#7b3fe4" isAnimationActive={false}><LabelList dataKey="runs" position="right" fontSize={12} /></Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </section>
  );
}

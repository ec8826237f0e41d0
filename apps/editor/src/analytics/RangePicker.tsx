import { useState } from 'react';
import type { Range } from './analytics-api';

const HOUR = 3_600_000;
export const presets = [
  { id: '24h', label: 'Last 24 hours', span: 24 * HOUR },
  { id: '7d', label: 'Last 7 days', span: 7 * 24 * HOUR },
  { id: '30d', label: 'Last 30 days', span: 30 * 24 * HOUR },
] as const;

export function presetRange(id: string): Range {
  const span = presets.find((p) => p.id === id)?.span ?? presets[1].span;
  // Whole minutes, so the range (and the query key) stays put while the page is open.
  const to = Math.ceil(Date.now() / 60_000) * 60_000;
  return { from: new Date(to - span).toISOString(), to: new Date(to).toISOString() };
}

const local = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Preset ranges, or a custom from/to in the reader's local time. */
export function RangePicker({ value, onChange, maxDays }: { value: Range; onChange: (r: Range) => void; maxDays: number }) {
  const [preset, setPreset] = useState<string>('7d');
  const [from, setFrom] = useState(local(value.from));
  const [to, setTo] = useState(local(value.to));
  const pick = (id: string) => {
    setPreset(id);
    if (id !== 'custom') {
      const r = presetRange(id);
      setFrom(local(r.from)); setTo(local(r.to));
      onChange(r);
    }
  };
  const f = Date.parse(from);
  const t = Date.parse(to);
  const problem = Number.isNaN(f) || Number.isNaN(t) ? 'Choose both times.' : t <= f ? 'The end must be after the start.'
    : t - f > maxDays * 24 * HOUR ? `At most ${maxDays} days.` : null;
  return (
    <div className="filters" role="group" aria-label="Time range">
      <label>Time range
        <select value={preset} onChange={(e) => pick(e.target.value)} aria-label="Time range">
          {presets.filter((p) => p.span <= maxDays * 24 * HOUR).map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {preset === 'custom' && (
        <>
          <label>From<input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label>To<input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          <button type="button" disabled={problem !== null} onClick={() => onChange({ from: new Date(f).toISOString(), to: new Date(t).toISOString() })}>Apply</button>
          {problem && <span className="muted" role="status">{problem}</span>}
        </>
      )}
    </div>
  );
}

import { statusTone } from './format';

export function StatusBadge({ status, title }: { status: string; title?: string | null }) {
  return <span className={`status ${statusTone(status)}`} title={title ?? undefined} data-status={status}>{status}</span>;
}

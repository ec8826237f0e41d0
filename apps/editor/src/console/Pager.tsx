import { ChevronLeft, ChevronRight } from 'lucide-react';

export function Pager({ page, nextCursor, onNewer, onOlder }: { page: number; nextCursor: string | null | undefined; onNewer: () => void; onOlder: (c: string) => void }) {
  return (
    <div className="pager">
      <button type="button" className="icon-button" disabled={page <= 1} onClick={onNewer}><ChevronLeft size={14} aria-hidden="true" />Newer</button>
      <span className="muted small">Page {page}</span>
      <button type="button" className="icon-button" disabled={!nextCursor} onClick={() => nextCursor && onOlder(nextCursor)}>Older<ChevronRight size={14} aria-hidden="true" /></button>
    </div>
  );
}

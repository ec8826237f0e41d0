import type { Conflict } from './use-auto-save';

export function ConflictBanner({ conflict, onReload, onKeepMine }: { conflict: Conflict; onReload: () => void; onKeepMine: () => void }) {
  const when = conflict.savedAt ? new Date(conflict.savedAt).toLocaleString() : 'just now';
  return (
    <div className="conflict" role="alertdialog" aria-labelledby="conflict-title" aria-describedby="conflict-text" data-testid="conflict-banner">
      <strong id="conflict-title">Someone else changed this flow.</strong>{' '}
      <span id="conflict-text">{conflict.savedBy} saved it at {when}{conflict.currentRevision !== null ? ` (revision ${conflict.currentRevision})` : ''}.
        Your changes are not saved yet.</span>
      <div className="row">
        <button type="button" onClick={onReload}>Reload theirs (discard my changes)</button>
        <button type="button" className="danger" onClick={onKeepMine}>Keep mine (overwrite theirs)</button>
      </div>
    </div>
  );
}

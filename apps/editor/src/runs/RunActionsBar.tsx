import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RunActionResultDto, RunDetailDto } from '@moflow/api-contract';
import { hrefFor } from '../use-hash-route';
import { runsApi } from './runs-api';
import { lastFailedLookup } from './run-words';

/** Cancel / retry / start again, offered only when the run allows it (and only to ops and admins). */
export function RunActionsBar({ run }: { run: RunDetailDto }) {
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (what: 'cancel' | 'retry' | 'restart') => runsApi[what](run.id),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['run', run.id] }),
  });
  const failed = run.status !== 'running' ? lastFailedLookup(run.steps) : null;
  const done: RunActionResultDto | undefined = act.data;
  return (
    <div className="run-actions" aria-label="Run actions">
      {run.status === 'waiting' && (
        <button type="button" disabled={act.isPending} onClick={() => { if (window.confirm('Cancel this run? The contact stops waiting in it.')) act.mutate('cancel'); }}>Cancel run</button>
      )}
      {failed && <button type="button" className="primary" disabled={act.isPending} onClick={() => act.mutate('retry')}>Retry failed lookup</button>}
      <button type="button" disabled={act.isPending} onClick={() => act.mutate('restart')}>Start again for this contact</button>
      {act.error && <span role="alert" className="error">{act.error.message}</span>}
      {done?.action.action === 'restart' && <span role="status">Started again: <a href={hrefFor(['runs', done.run.id])}>open the new run</a></span>}
      {done && done.action.action !== 'restart' && <span role="status">Done: the run is now {done.run.status}.</span>}
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { KeywordClashDto } from '@moflow/api-contract';
import { flowsApi } from '../../api/flows-api';
import { useFlowStore } from '../../store/flow-store';

/**
 * The keywords other published flows already start with, asked of the server a moment after the
 * marketer stops typing. A failed check (offline, or a role that may not ask) shows no clash:
 * publishing checks again and says so.
 */
export function useKeywordClashes(keywords: readonly string[], channels: readonly string[], delayMs = 300): KeywordClashDto[] {
  const flowId = useFlowStore((s) => s.flowId);
  const key = JSON.stringify([keywords, channels, flowId]);
  const [clashes, setClashes] = useState<KeywordClashDto[]>([]);
  useEffect(() => {
    const [k, c, f] = JSON.parse(key) as [string[], string[], string | null];
    if (!k.length) { setClashes([]); return; }
    let cancelled = false;
    const timer = setTimeout(() => {
      flowsApi.keywordClashes({ keywords: k, channels: c, ...(f ? { flowId: f } : {}) })
        .then((r) => { if (!cancelled) setClashes(r.clashes); })
        .catch(() => { if (!cancelled) setClashes([]); });
    }, delayMs);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [key, delayMs]);
  return clashes;
}

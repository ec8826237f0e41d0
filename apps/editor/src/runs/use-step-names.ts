import { useQueries } from '@tanstack/react-query';
import { flowsApi } from '../api/flows-api';
import { normaliseDefinition } from '../utils/normalise-definition';
import { stepName } from '../utils/step-name';

/**
 * Step names for (flow, version, step id) triples, read from the versions' definitions (each
 * version fetched once and kept: published versions never change). Until a version arrives, or for
 * a step it lacks, the id stands in.
 */
export function useStepNames(refs: ReadonlyArray<{ flowId: string; flowVersion: number }>): (flowId: string, flowVersion: number, nodeId: string) => string {
  const unique = [...new Map(refs.map((r) => [`${r.flowId}@${r.flowVersion}`, r])).values()];
  const versions = useQueries({
    queries: unique.map((r) => ({
      queryKey: ['flow-version', r.flowId, r.flowVersion], staleTime: Infinity,
      queryFn: () => flowsApi.version(r.flowId, r.flowVersion),
    })),
  });
  const names = new Map<string, Map<string, string>>();
  unique.forEach((r, i) => {
    const def = versions[i]?.data?.definition;
    if (def) names.set(`${r.flowId}@${r.flowVersion}`, new Map(normaliseDefinition(def).nodes.map((n) => [n.id, stepName(n)])));
  });
  return (flowId, flowVersion, nodeId) => names.get(`${flowId}@${flowVersion}`)?.get(nodeId) ?? nodeId;
}

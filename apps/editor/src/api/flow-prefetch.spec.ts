import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlowDto } from '@moflow/api-contract';

const get = vi.fn<(id: string) => Promise<FlowDto>>();
vi.mock('./flows-api', () => ({ flowsApi: { get: (id: string) => get(id) } }));
const { prefetchFlow, takeFlow } = await import('./flow-prefetch');

const flow = (revision: number) => ({ id: 'f1', revision }) as FlowDto;

describe('flow prefetch', () => {
  beforeEach(() => { get.mockReset(); });

  it('hands the page the request the click started, once', async () => {
    get.mockResolvedValueOnce(flow(1)).mockResolvedValueOnce(flow(2));
    prefetchFlow('f1', 1_000);
    prefetchFlow('f1', 1_100); // pointer down, then the address change: one request
    expect(get).toHaveBeenCalledTimes(1);
    await expect(takeFlow('f1', 1_200)).resolves.toEqual(flow(1));
    // A later open fetches again.
    await expect(takeFlow('f1', 1_300)).resolves.toEqual(flow(2));
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('never hands out an answer older than two seconds', async () => {
    get.mockResolvedValueOnce(flow(1)).mockResolvedValueOnce(flow(2));
    prefetchFlow('f1', 1_000);
    await expect(takeFlow('f1', 3_500)).resolves.toEqual(flow(2));
  });

  it('forgets a failed prefetch, so the page asks again', async () => {
    get.mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(flow(3));
    prefetchFlow('f1', 1_000);
    await new Promise((r) => setTimeout(r, 0));
    await expect(takeFlow('f1', 1_100)).resolves.toEqual(flow(3));
  });
});

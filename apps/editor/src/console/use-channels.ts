import { useQuery } from '@tanstack/react-query';
import { consoleApi, type ChannelDto } from '../api/console-api';

/** Channels by id, to show a channel's name where rows hold its id. */
export function useChannels(): { list: ChannelDto[]; name: (id: string | null | undefined) => string } {
  const q = useQuery({ queryKey: ['channels'], queryFn: consoleApi.channels, staleTime: 60_000 });
  const list = q.data ?? [];
  const byId = new Map(list.map((c) => [c.id, c]));
  return { list, name: (id) => (id ? (byId.get(id)?.name ?? 'unknown channel') : '') };
}

import { useState } from 'react';

/**
 * Keyset paging in the browser: the cursors of the pages read so far, so "Newer" goes back exactly
 * where the reader was. Reset when the filter changes (pass the filter as `key`).
 */
export function useCursorPages(key: string) {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key, stack: [] });
  const stack = state.key === key ? state.stack : [];
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    older: (next: string) => setState({ key, stack: [...stack, next] }),
    newer: () => setState({ key, stack: stack.slice(0, -1) }),
  };
}

import { useSyncExternalStore } from 'react';

// antd's md breakpoint: below it the navigation moves into a drawer and forms stack.
const QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(QUERY);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/** Read from matchMedia directly so that a phone gets its layout on the first paint, not the second. */
export function useIsMobile(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}

import { useEffect, useState } from 'react';

/** Widths at or below this are laid out for a phone (an iPhone is 390 CSS px wide), CSS px. */
export const NARROW_VIEWPORT_MAX_PX = 600;

/** Whether the window is a phone's width, following rotation and resizing. */
export function useNarrowViewport(maxWidthPx = NARROW_VIEWPORT_MAX_PX): boolean {
  const query = `(max-width: ${maxWidthPx}px)`;
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setNarrow(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return narrow;
}

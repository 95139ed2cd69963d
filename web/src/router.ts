import { useEffect, useState } from 'react';

/** The pages, in navigation order; the hash (`#/book`) selects one so any static server can host the app. */
export const pages = [
  { path: 'today', title: 'Today' },
  { path: 'term-structure', title: 'Term structure' },
  { path: 'signals', title: 'Signals' },
  { path: 'backtest', title: 'Backtest' },
  { path: 'sweeps', title: 'Sweeps' },
  { path: 'book', title: 'Book' },
  { path: 'validation', title: 'Validation' },
] as const;

export type PagePath = (typeof pages)[number]['path'];

export function pageFromHash(hash: string): PagePath {
  const wanted = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return pages.find((p) => p.path === wanted)?.path ?? 'today';
}

export function useCurrentPage(): PagePath {
  const [page, setPage] = useState<PagePath>(() => pageFromHash(window.location.hash));
  useEffect(() => {
    const onHashChange = () => setPage(pageFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return page;
}

/** The parameters after the page in the hash (`#/backtest?run=<id>` -> run=<id>). */
export function hashParams(hash: string): URLSearchParams {
  const query = hash.indexOf('?');
  return new URLSearchParams(query < 0 ? '' : hash.slice(query + 1));
}

/** The current page's hash parameters, updated when the hash changes (a permalink opened, or set). */
export function useHashParams(): URLSearchParams {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onHashChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return hashParams(hash);
}

/** Replaces the current page's hash parameters (a new history entry, so Back returns to the previous). */
export function setHashParams(params: Readonly<Record<string, string>>): void {
  window.location.hash = `#/${pageFromHash(window.location.hash)}?${new URLSearchParams(params).toString()}`;
}

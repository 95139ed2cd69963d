import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const themeStorageKey = 'alvh.theme';

function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Sets the theme on the document before React renders with it: charts read their colours from the
 * CSS variables in their effects, which run before any effect of the App that owns the theme.
 */
function applied(theme: Theme): Theme {
  document.documentElement.dataset.theme = theme;
  return theme;
}

/** The system's theme until the user picks one with the toggle; the pick is remembered. */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const stored = localStorage.getItem(themeStorageKey);
    return applied(stored === 'light' || stored === 'dark' ? stored : systemTheme());
  });
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => {
      if (!localStorage.getItem(themeStorageKey)) setTheme(applied(systemTheme()));
    };
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  const toggle = () =>
    setTheme((current) => {
      const next: Theme = current === 'dark' ? 'light' : 'dark';
      localStorage.setItem(themeStorageKey, next);
      return applied(next);
    });
  return [theme, toggle];
}

/** Chart colours read from the CSS variables of the active theme, so charts match the page. */
export interface ChartPalette {
  readonly text: string;
  readonly background: string;
  readonly grid: string;
  readonly series: readonly string[];
  readonly positive: string;
  readonly negative: string;
}

export function chartPalette(): ChartPalette {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: read('--fg'),
    background: read('--bg'),
    grid: read('--grid'),
    series: [read('--series-1'), read('--series-2'), read('--series-3'), read('--series-4'), read('--series-5')],
    positive: read('--positive'),
    negative: read('--negative'),
  };
}

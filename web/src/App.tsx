import { useEffect, useRef, useState } from 'react';
import { setApiToken } from './api/client.js';
import { pages, useCurrentPage, type PagePath } from './router.js';
import { useTheme, type Theme } from './theme.js';
import { useApi } from './api/useApi.js';
import type { HealthResponse } from './api/types.js';
import { TodayPage } from './pages/TodayPage.js';
import { TermStructurePage } from './pages/TermStructurePage.js';
import { SignalsPage } from './pages/SignalsPage.js';
import { BacktestPage } from './pages/BacktestPage.js';
import { SweepsPage } from './pages/SweepsPage.js';
import { BookPage } from './pages/BookPage.js';
import { ValidationPage } from './pages/ValidationPage.js';

function PageContent({ page, theme }: { page: PagePath; theme: Theme }) {
  switch (page) {
    case 'today':
      return <TodayPage />;
    case 'term-structure':
      return <TermStructurePage theme={theme} />;
    case 'signals':
      return <SignalsPage theme={theme} />;
    case 'backtest':
      return <BacktestPage theme={theme} />;
    case 'sweeps':
      return <SweepsPage />;
    case 'book':
      return <BookPage theme={theme} />;
    case 'validation':
      return <ValidationPage />;
  }
}

/** Shown when the server wants a token (it listens beyond loopback); the token stays in this tab. */
function TokenForm() {
  const [token, setToken] = useState('');
  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
        setApiToken(token);
        window.location.reload();
      }}
    >
      <label>
        This server needs its token <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" required />
      </label>
      <button type="submit">Use token</button>
    </form>
  );
}

export function App() {
  const page = useCurrentPage();
  const [theme, toggleTheme] = useTheme();
  const health = useApi<HealthResponse>('/api/health');
  const heading = useRef<HTMLHeadingElement>(null);
  const title = pages.find((p) => p.path === page)?.title ?? '';
  useEffect(() => {
    document.title = `${title} · alvh`;
    // Moving focus to the new page's heading tells keyboard and screen-reader users the page changed.
    heading.current?.focus();
  }, [title]);
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">alvh</span>
        <nav aria-label="Pages">
          <ul>
            {pages.map((p) => (
              <li key={p.path}>
                <a href={`#/${p.path}`} aria-current={p.path === page ? 'page' : undefined}>{p.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        {health.state === 'ready' ? (
          <span className="muted small" title={`data version ${health.data.dataVersion}`}>
            v{health.data.version} · data {health.data.dataVersion.slice(0, 19)}
          </span>
        ) : null}
        <button type="button" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
          {theme === 'dark' ? 'Light' : 'Dark'} theme
        </button>
      </header>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>{title}</h1>
        {health.state === 'error' && health.status === 401 ? <TokenForm /> : <PageContent page={page} theme={theme} />}
      </main>
    </>
  );
}

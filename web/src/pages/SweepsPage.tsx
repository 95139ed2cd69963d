import { useEffect, useRef, useState } from 'react';
import type { BundledSweepSpecs, SweepCreated, SweepListResponse, SweepPlan, SweepProgress, SweepProgressEvent, SweepTopRow, SweepVerdict, SweepView } from '../../../src/server/sweepSchemas.js';
import { ApiError, authHeaders, getJson, sendJson } from '../api/client.js';
import { readEventStream } from '../api/sse.js';
import { useApi } from '../api/useApi.js';
import { Load } from '../components/Status.js';
import { setHashParams, useHashParams } from '../router.js';
import { SweepTopTable } from './sweeps/SweepTopTable.js';
import { percentDone, progressText, runsOnText, sweepRequest, verdictBrief, verdictFigures } from './sweeps/sweepView.js';

/** Wait this long after the last keystroke before asking the server what the edited spec expands to, milliseconds. */
const CHECK_DEBOUNCE_MS = 400;

type Watch =
  | { readonly phase: 'idle' }
  | { readonly phase: 'watching'; readonly id: string; readonly view: SweepView };

type Check = { readonly state: 'none' } | { readonly state: 'checking' } | { readonly state: 'ok'; readonly plan: SweepPlan } | { readonly state: 'error'; readonly message: string };

const sweepUrl = (id: string, rest = '') => `/api/sweeps/${encodeURIComponent(id)}${rest}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Opens a file of the API in a new tab. A plain link does on a loopback server; a server with a token
 * needs the header, so the file is fetched and opened from memory instead.
 */
async function openWithToken(path: string, fileName: string, asDownload: boolean): Promise<void> {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) throw new ApiError(response.status, `${path}: ${response.statusText}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  if (asDownload) link.download = fileName;
  else link.target = '_blank';
  document.body.append(link);
  link.click();
  link.remove();
  // The new tab reads the blob after this click; let it before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function Plan({ plan }: { plan: SweepPlan }) {
  return (
    <p data-testid="sweep-plan">
      <strong>{plan.variants}</strong> variants (the {plan.basePreset} preset and {plan.variants - 1} others) varying {plan.varied.join(', ')}, from {plan.period.from} to {plan.period.to}, ranked by {plan.rankBy}; market model: {plan.marketModel ?? 'defaults'}.
    </p>
  );
}

function ProgressBar({ progress }: { progress: SweepProgress }) {
  return (
    <div role="status" aria-live="polite" data-testid="sweep-progress">
      <label>
        Variants done <progress max={progress.total} value={progress.done} aria-valuetext={`${percentDone(progress)} %`} /> {percentDone(progress)} %
      </label>
      <p className="muted small">{progressText(progress)}</p>
    </div>
  );
}

/** The report's answer to "is it luck?", on the page: the plain-words verdict and its figures. */
function Verdict({ verdict }: { verdict: SweepVerdict }) {
  return (
    <section aria-label="Is it luck?" data-testid="sweep-verdict" className="sweep-verdict">
      <h3>Is it luck?</h3>
      <p>{verdict.verdict}</p>
      <table aria-label="The verdict's figures" className="fields">
        <tbody>
          {verdictFigures(verdict).map((f) => (
            <tr key={f.label}>
              <th scope="row">{f.label}</th>
              <td>{f.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Links({ view, onError }: { view: SweepView; onError: (message: string) => void }) {
  if (!view.reportReady) return null;
  const reportPath = sweepUrl(view.id, '/report');
  const csvPath = sweepUrl(view.id, '/results.csv');
  const hasToken = 'Authorization' in authHeaders();
  return (
    <p className="controls">
      <a
        href={reportPath}
        target="_blank"
        rel="noopener"
        data-testid="sweep-report"
        onClick={(e) => {
          if (!hasToken) return;
          e.preventDefault();
          openWithToken(reportPath, 'sweep.html', false).catch((error: unknown) => onError(errorText(error)));
        }}
      >
        Open the report
      </a>
      <button type="button" onClick={() => openWithToken(csvPath, `alvh-sweep-${view.plan.name}-${view.id.slice(0, 8)}.csv`, true).catch((error: unknown) => onError(errorText(error)))}>
        Download results (CSV)
      </button>
    </p>
  );
}

function RecentSweeps({ reloadKey }: { reloadKey: number }) {
  const list = useApi<SweepListResponse>('/api/sweeps', reloadKey);
  if (list.state !== 'ready' || list.data.sweeps.length === 0) return null;
  return (
    <details>
      <summary>Recent sweeps ({list.data.sweeps.length})</summary>
      <ul className="reasons" aria-label="Recent sweeps">
        {list.data.sweeps.map((s) => (
          <li key={s.id}>
            <a href={`#/sweeps?sweep=${encodeURIComponent(s.id)}`}>
              {s.plan.name}: {s.plan.variants} variants, {s.plan.period.from} to {s.plan.period.to}
            </a>{' '}
            <span className="muted small">
              {s.status}
              {s.progress ? ` (${s.progress.done}/${s.progress.total})` : ''}, {s.createdAt.slice(0, 16).replace('T', ' ')} UTC
              {s.verdict ? ` · ${verdictBrief(s.verdict)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function SpecEditor({ specs, running, onStarted }: { specs: BundledSweepSpecs['specs']; running: boolean; onStarted: (id: string) => void }) {
  const texts = specs.map((s) => ({ name: s.name, text: JSON.stringify(s.spec, null, 2) }));
  const [chosen, setChosen] = useState(texts.find((t) => t.name === 'quick')?.name ?? texts[0]?.name ?? '');
  const bundled = texts.find((t) => t.name === chosen);
  const [text, setText] = useState(bundled?.text ?? '');
  const [check, setCheck] = useState<Check>({ state: 'none' });
  const [startError, setStartError] = useState<string | null>(null);
  const request = sweepRequest(bundled, text);

  // The variant count of what would start, asked again a moment after the text stops changing.
  const requestText = JSON.stringify(request);
  useEffect(() => {
    const body = JSON.parse(requestText) as ReturnType<typeof sweepRequest>;
    if ('error' in body) {
      setCheck({ state: 'error', message: body.error });
      return;
    }
    const controller = new AbortController();
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      sendJson<SweepPlan>('POST', '/api/sweeps/check', body, controller.signal).then(
        (r) => setCheck({ state: 'ok', plan: r.body }),
        (error: unknown) => {
          if (!controller.signal.aborted) setCheck({ state: 'error', message: errorText(error) });
        },
      );
    }, CHECK_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [requestText]);

  async function start() {
    setStartError(null);
    if ('error' in request) return;
    try {
      const created = await sendJson<SweepCreated>('POST', '/api/sweeps', request);
      onStarted(created.body.id);
    } catch (error) {
      setStartError(errorText(error));
    }
  }

  return (
    <form
      className="sweep-form"
      aria-label="Sweep spec"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <div className="controls">
        <label>
          Bundled spec
          <select
            value={chosen}
            disabled={running}
            onChange={(e) => {
              setChosen(e.target.value);
              setText(texts.find((t) => t.name === e.target.value)?.text ?? '');
            }}
          >
            {texts.map((t) => (
              <option key={t.name} value={t.name}>{t.name}</option>
            ))}
          </select>
        </label>
        <button type="button" disabled={running || bundled === undefined || text === bundled.text} onClick={() => setText(bundled?.text ?? '')}>
          Revert edits
        </button>
      </div>
      <label className="spec-editor">
        <span>Spec (JSON; edit it to sweep other fields, values or periods; see docs/sweep.md)</span>
        <textarea value={text} spellCheck={false} rows={16} disabled={running} onChange={(e) => setText(e.target.value)} aria-describedby="sweep-check" />
      </label>
      <div id="sweep-check" aria-live="polite">
        {check.state === 'checking' ? <p className="muted">Counting variants…</p> : null}
        {check.state === 'ok' ? <Plan plan={check.plan} /> : null}
        {check.state === 'error' ? <p className="error" role="alert">{check.message}</p> : null}
      </div>
      <div className="controls">
        <button type="submit" disabled={running || check.state !== 'ok'}>
          {check.state === 'ok' ? `Start sweep (${check.plan.variants} variants)` : 'Start sweep'}
        </button>
        {'bundled' in request ? <span className="muted small">bundled spec {request.bundled}</span> : <span className="muted small">edited spec</span>}
      </div>
      {startError ? <p className="error" role="alert">{startError}</p> : null}
    </form>
  );
}

export function SweepsPage() {
  const specs = useApi<BundledSweepSpecs>('/api/sweep-specs');
  const [watch, setWatch] = useState<Watch>({ phase: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [listKey, setListKey] = useState(0);
  const stream = useRef<AbortController | null>(null);
  const permalink = useHashParams().get('sweep');

  useEffect(() => () => stream.current?.abort(), []);

  /** Shows a sweep and, while it runs, follows its events until it stops. */
  async function attach(id: string, signal?: AbortSignal) {
    stream.current?.abort();
    const controller = new AbortController();
    stream.current = controller;
    signal?.addEventListener('abort', () => controller.abort());
    try {
      const first = await getJson<SweepView>(sweepUrl(id), controller.signal);
      setWatch({ phase: 'watching', id, view: first.body });
      if (first.body.status !== 'running') return;
      const response = await fetch(sweepUrl(id, '/events'), { headers: { Accept: 'text/event-stream', ...authHeaders() }, signal: controller.signal });
      if (!response.ok) throw new ApiError(response.status, `event stream: ${response.statusText}`);
      await readEventStream(response, (event) => {
        if (event.event !== 'progress') return;
        const data = JSON.parse(event.data) as SweepProgressEvent;
        setWatch((w) => (w.phase === 'watching' && w.id === id ? { ...w, view: { ...w.view, progress: data.progress, top: data.top as SweepTopRow[] } } : w));
      });
      // The stream ended with the sweep: its final state (status, report) from the sweep itself.
      const last = await getJson<SweepView>(sweepUrl(id), controller.signal);
      setWatch({ phase: 'watching', id, view: last.body });
      setListKey((k) => k + 1);
    } catch (e) {
      if (!controller.signal.aborted) setError(errorText(e));
    }
  }

  // A permalink opens its sweep; without one, a sweep still running on the server is followed again.
  useEffect(() => {
    const controller = new AbortController();
    const open = async () => {
      if (permalink) return attach(permalink, controller.signal);
      const list = await getJson<SweepListResponse>('/api/sweeps', controller.signal);
      const running = list.body.sweeps.find((s) => s.status === 'running');
      if (!controller.signal.aborted && running) await attach(running.id, controller.signal);
    };
    open().catch((e: unknown) => {
      if (!controller.signal.aborted) setError(errorText(e));
    });
    return () => controller.abort();
  }, [permalink]);

  async function cancel(id: string) {
    try {
      await sendJson('DELETE', sweepUrl(id));
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function resume(id: string) {
    try {
      await sendJson<SweepCreated>('POST', sweepUrl(id, '/resume'));
      setListKey((k) => k + 1);
      void attach(id);
    } catch (e) {
      setError(errorText(e));
    }
  }

  const view = watch.phase === 'watching' ? watch.view : undefined;
  const running = view?.status === 'running';
  return (
    <>
      <p className="muted">
        A sweep runs every variant of a spec (a base preset, the fields to vary, a period, the metric to rank by) as a full backtest on the server, then tests the ranking for luck: walk-forward, deflated Sharpe ratio, probability of backtest overfitting. Results are stored, so a
        variant already run is never run again.
      </p>
      <Load result={specs}>
        {(data) => (
          <>
            <p className="muted small" data-testid="sweep-runs-on">
              {runsOnText(data.runsOn)}
            </p>
            <SpecEditor
              specs={data.specs}
              running={running}
              onStarted={(id) => {
                setError(null);
                setListKey((k) => k + 1);
                // The sweep's permalink goes into the address at once; opening it follows the sweep.
                setHashParams({ sweep: id });
              }}
            />
          </>
        )}
      </Load>
      <RecentSweeps reloadKey={listKey} />
      {error ? <p className="error" role="alert">{error}</p> : null}
      {view ? (
        <section aria-label="Sweep" data-testid="sweep">
          <h2>
            Sweep {view.plan.name} <span className="muted small">({view.status})</span>
          </h2>
          <Plan plan={view.plan} />
          {view.progress ? <ProgressBar progress={view.progress} /> : running ? <p className="muted" role="status">Loading the data on the server…</p> : null}
          {view.message ? <p className={view.status === 'error' ? 'error' : 'muted'}>{view.message}</p> : null}
          <div className="controls">
            {running ? (
              <button type="button" onClick={() => void cancel(view.id)}>
                Cancel sweep
              </button>
            ) : null}
            {view.status === 'cancelled' || view.status === 'interrupted' || view.status === 'error' ? (
              <button type="button" onClick={() => void resume(view.id)}>
                Resume sweep
              </button>
            ) : null}
          </div>
          {running ? <p className="muted small">Running on the server: leaving this page does not stop it, and coming back follows it again.</p> : null}
          <Links view={view} onError={setError} />
          {view.verdict ? <Verdict verdict={view.verdict} /> : null}
          <SweepTopTable
            rows={view.top}
            varied={view.plan.varied}
            rankBy={view.plan.rankBy}
            onConfig={
              view.reportReady
                ? (row) => {
                    const variant = row.key.slice(0, 10);
                    openWithToken(sweepUrl(view.id, `/configs/${variant}`), `${view.plan.basePreset}~${variant}.json`, true).catch((error: unknown) => setError(errorText(error)));
                  }
                : undefined
            }
          />
        </section>
      ) : null}
    </>
  );
}

import { useEffect, useRef, useState } from 'react';
import { BaselineSeries, LineSeries, LineStyle, PriceScaleMode, type IChartApi } from 'lightweight-charts';
import { downloadCsv, equityCsv } from '../export.js';
import { formatPercent, formatUsd, modelColumnLabel } from '../format.js';
import { setHashParams, useHashParams } from '../router.js';
import { useApi } from '../api/useApi.js';
import { ApiError, getJson, sendJson, withQuery, authHeaders } from '../api/client.js';
import { readEventStream } from '../api/sse.js';
import type { BacktestCreated, BacktestListResponse, BacktestProgressEvent, BacktestResultResponse, DecisionsResponse, PresetsResponse, StrategyConfigSchemaResponse } from '../api/types.js';
import { ConfigEditor, type ConfigValue } from '../components/ConfigEditor.js';
import { configLeaves, issuesOfConfig, type SchemaNode } from '../configForm.js';
import { Load } from '../components/Status.js';
import { RecordTable, TextList } from '../components/Tables.js';
import { LightweightChart } from '../charts/LightweightChart.js';
import { EChart } from '../charts/EChart.js';
import type { Theme } from '../theme.js';
import { shortRunNote } from '../../../src/report/shortRun.js';
import { dayFromIso } from '../../../src/time/day.js';

type RunState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly id: string; readonly progress: Readonly<Record<string, BacktestProgressEvent>> }
  | { readonly phase: 'done'; readonly id: string; readonly progress: Readonly<Record<string, BacktestProgressEvent>> }
  | { readonly phase: 'cancelled' }
  | { readonly phase: 'error'; readonly message: string };

function ProgressBars({ progress }: { progress: Readonly<Record<string, BacktestProgressEvent>> }) {
  const variants = Object.values(progress);
  if (variants.length === 0) return null;
  return (
    <ul className="reasons" role="status" aria-live="polite">
      {variants.map((p) => (
        <li key={p.variant}>
          <label>
            {p.variant} <progress max={p.totalDays} value={p.doneDays} /> {p.doneDays} / {p.totalDays} days
          </label>
        </li>
      ))}
    </ul>
  );
}

/** Benchmarks drawn dashed beside the variants, in the order of the palette after them. */
const benchmarkLabels: Readonly<Record<string, string>> = { SPX: 'SPX (price index)', CNDR: 'CNDR (Cboe iron condor index)' };

/** Axis labels in whole dollars with thousands separators (1014040.628 -> $1,014,041). */
const usdAxis = (value: number) => formatUsd(value);

function EquityCharts({ result, theme }: { result: BacktestResultResponse; theme: Theme }) {
  const variants = Object.keys(result.equity);
  const [logScale, setLogScale] = useState(false);
  const [benchmarks, setBenchmarks] = useState(true);
  const benchmarkNames = Object.keys(result.benchmarks).filter((b) => (result.benchmarks[b]?.length ?? 0) > 0);
  return (
    <>
      <form className="controls" aria-label="Chart options" onSubmit={(e) => e.preventDefault()}>
        <label>
          <input type="checkbox" name="log-scale" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> Log scale
        </label>
        <label>
          <input type="checkbox" name="benchmarks" checked={benchmarks} onChange={(e) => setBenchmarks(e.target.checked)} disabled={benchmarkNames.length === 0} /> Benchmarks ({benchmarkNames.join(', ') || 'none in this period'})
        </label>
        <button type="button" onClick={() => downloadCsv(`alvh-backtest-${result.id}.csv`, equityCsv(result))}>Export CSV</button>
      </form>
      <div className="grid-2">
        <section>
          <h2>Equity (USD{logScale ? ', log scale' : ''})</h2>
          <LightweightChart<IChartApi>
            kind="time"
            theme={theme}
            heightPx={320}
            label="Equity curves of the variants and the benchmarks"
            deps={[result, logScale, benchmarks]}
            draw={(chart, palette) => {
              chart.applyOptions({ localization: { priceFormatter: usdAxis } });
              chart.priceScale('right').applyOptions({ mode: logScale ? PriceScaleMode.Logarithmic : PriceScaleMode.Normal });
              variants.forEach((variant, i) => {
                const series = chart.addSeries(LineSeries, { color: palette.series[i % palette.series.length] ?? palette.text, lineWidth: 2, title: variant });
                series.setData((result.equity[variant] ?? []).map(([date, equityUsd]) => ({ time: date, value: equityUsd })));
              });
              if (benchmarks) {
                benchmarkNames.forEach((name, k) => {
                  const series = chart.addSeries(LineSeries, { color: palette.series[(variants.length + k) % palette.series.length] ?? palette.text, lineWidth: 1, lineStyle: LineStyle.Dashed, title: name });
                  series.setData((result.benchmarks[name] ?? []).map(([date, usd]) => ({ time: date, value: usd })));
                });
              }
            }}
          />
          {benchmarks && benchmarkNames.length > 0 ? (
            <p className="muted small">Dashed: {benchmarkNames.map((b) => benchmarkLabels[b] ?? b).join(' and ')}, rebased to the starting equity.</p>
          ) : null}
        </section>
        <section>
          <h2>Drawdown (% from the running peak)</h2>
          <LightweightChart<IChartApi>
            kind="time"
            theme={theme}
            heightPx={320}
            label="Drawdown curves of the variants"
            deps={[result]}
            draw={(chart, palette) => {
              chart.applyOptions({ localization: { priceFormatter: (v: number) => `${v.toFixed(1)} %` } });
              variants.forEach((variant, i) => {
                const color = palette.series[i % palette.series.length] ?? palette.text;
                const series = chart.addSeries(BaselineSeries, {
                  baseValue: { type: 'price', price: 0 },
                  bottomLineColor: color,
                  bottomFillColor1: `${color}40`,
                  bottomFillColor2: `${color}10`,
                  lineWidth: 1,
                  title: variant,
                });
                series.setData((result.equity[variant] ?? []).map(([date, , drawdownFraction]) => ({ time: date, value: drawdownFraction * 100 })));
              });
            }}
          />
        </section>
      </div>
    </>
  );
}

function HedgeByLayer({ result, theme }: { result: BacktestResultResponse; theme: Theme }) {
  const variants = Object.keys(result.hedgeByLayer);
  const layers = [...new Set(variants.flatMap((v) => Object.keys(result.hedgeByLayer[v] ?? {})))].sort();
  if (layers.length === 0) return <p className="muted">No hedge layer was closed in this run.</p>;
  return (
    <EChart
      theme={theme}
      heightPx={300}
      label="Closed hedge layers' P&L by layer and variant, USD"
      deps={[result]}
      option={(palette) => ({
        tooltip: { trigger: 'axis' },
        legend: { top: 0, textStyle: { color: palette.text } },
        grid: { left: 70, right: 16, bottom: 30, top: 40 },
        xAxis: { type: 'category', data: layers, axisLabel: { color: palette.text } },
        yAxis: { type: 'value', name: 'USD', axisLabel: { color: palette.text }, splitLine: { lineStyle: { color: palette.grid } } },
        series: variants.map((variant, i) => ({
          type: 'bar',
          name: variant,
          itemStyle: { color: palette.series[i % palette.series.length] ?? palette.text },
          data: layers.map((layer) => result.hedgeByLayer[variant]?.[layer] ?? 0),
        })),
      })}
    />
  );
}

/** A fraction as signed points to two decimals (0.0123 -> "+1.23"). */
const signedPoints = (fraction: number) => `${fraction > 0 ? '+' : ''}${(100 * fraction).toFixed(2)}`;

/**
 * The same variants on every bundled market model (the run's own first): CAGR and max drawdown by
 * model, each hedged variant's CAGR gap to its unhedged twin by model, and the verdict on each.
 */
function AcrossModelsTable({ across }: { across: NonNullable<BacktestResultResponse['acrossModels']> }) {
  const names = across.runs[0]?.variants.map((v) => v.name) ?? [];
  return (
    <section aria-label="The same variants on other market models" data-testid="backtest-across-models">
      <h2>The same variants on other market models</h2>
      <p className="muted small">
        Every figure rests on the modelled market. Each column is the same run on another bundled model config (presets/model), each on its own calibrated market; the first is this run&apos;s own.
      </p>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>CAGR and max drawdown by market model; the hedge against its unhedged twin in CAGR points a year</caption>
          <thead>
            <tr>
              <th scope="col">variant</th>
              {across.runs.map((r) => (
                <th scope="col" key={r.model}>{modelColumnLabel(r.model)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {across.runs.map((r) => {
                  const v = r.variants.find((x) => x.name === name);
                  return <td key={r.model}>{v ? `${formatPercent(v.cagrFraction)}, ${formatPercent(v.maxDrawdownFraction, 1)}` : ''}</td>;
                })}
              </tr>
            ))}
            {across.twins.map((t) => (
              <tr key={`${t.hedged}-${t.twin}`}>
                <th scope="row">{t.hedged} − {t.twin}</th>
                {t.cagrGapByModel.map((gap, i) => (
                  <td key={across.runs[i]?.model ?? i} className={gap < 0 ? 'negative' : undefined}>{signedPoints(gap)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {across.verdicts.length > 0 ? (
        <TextList items={across.verdicts} label="Verdicts across models" />
      ) : (
        <p className="muted small">No hedged variant ran beside its unhedged twin (for example alvh-ladder with unhedged), so there is no verdict on the hedge.</p>
      )}
    </section>
  );
}

const decisionsPageSize = 50;

/** The engine's internal day numbers; the period line above the tables already gives the dates. */
const engineDayColumn = /(^|\.)(startDay|endDay)$/;

function DecisionLog({ id, variants }: { id: string; variants: readonly string[] }) {
  const [variant, setVariant] = useState(variants[0] ?? '');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const result = useApi<DecisionsResponse>(variant ? withQuery(`/api/backtests/${encodeURIComponent(id)}/decisions`, { variant, q: query, offset, limit: decisionsPageSize }) : null);
  return (
    <>
      <form className="controls" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Variant
          <select value={variant} onChange={(e) => { setVariant(e.target.value); setOffset(0); }}>
            {variants.map((v) => (
              <option key={v} value={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Search <input type="search" value={query} placeholder="rule, action or reason" onChange={(e) => { setQuery(e.target.value); setOffset(0); }} />
        </label>
      </form>
      <Load result={result}>
        {(data) => (
          <>
            <p className="muted small" aria-live="polite">
              {data.total === 0 ? 'No decision matches.' : `Decisions ${data.offset + 1}–${data.offset + data.decisions.length} of ${data.total}.`}
            </p>
            <RecordTable rows={data.decisions.map(({ date, action, rule, group, reason }) => ({ date, action, rule, group, reason }))} caption="Decision log" />
            <div className="controls">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - decisionsPageSize))}>Previous</button>
              <button type="button" disabled={data.offset + data.decisions.length >= data.total} onClick={() => setOffset(offset + decisionsPageSize)}>Next</button>
            </div>
          </>
        )}
      </Load>
    </>
  );
}

/** Under the metrics of a run shorter than a year: its per-year figures are extrapolations, and its total returns. */
function ShortRunNote({ result }: { result: Pick<BacktestResultResponse, 'period' | 'summaries'> }) {
  const note = result.period ? shortRunNote(dayFromIso(result.period.from), dayFromIso(result.period.to), result.summaries) : undefined;
  return note === undefined ? null : (
    <p className="muted" data-testid="short-run-note">
      {note}
    </p>
  );
}

function BacktestResults({ id, theme }: { id: string; theme: Theme }) {
  const result = useApi<BacktestResultResponse>(`/api/backtests/${encodeURIComponent(id)}`);
  return (
    <Load result={result}>
      {(data) => (
        <section aria-label="Backtest results" data-testid="backtest-results">
          {data.period ? (
            <p>
              {data.presets.join(', ')}: {data.period.from} to {data.period.to} ({data.period.endReason}).{' '}
              <a href={`#/backtest?run=${encodeURIComponent(data.id)}`} data-testid="permalink">Permalink</a>
              {data.createdAt ? <span className="muted small"> (run {data.createdAt.slice(0, 16).replace('T', ' ')} UTC)</span> : null}
            </p>
          ) : null}
          {data.marketModel !== null && data.marketModel.changes.length > 0 ? (
            <p className="muted" data-testid="backtest-market-model">
              Market model: <code>{data.marketModel.source}</code> ({data.marketModel.changes.join('; ')})
            </p>
          ) : null}
          <EquityCharts result={data} theme={theme} />
          <h2>Metrics</h2>
          <RecordTable rows={data.summaries.map((s) => ({ variant: s.name, ...s.metrics }))} caption="Performance by variant" omitColumn={engineDayColumn} />
          <ShortRunNote result={data} />
          <RecordTable
            rows={data.summaries.map((s) => ({
              variant: s.name,
              condorRolls: s.condorRolls,
              condorRollsPerYear: s.condorRollsPerYear,
              deferredRolls: s.deferredRolls,
              hedgePremiumPerYearUsd: s.hedgePremiumPerYearUsd,
              hedgeNetPnlPerYearUsd: s.hedgeNetPnlPerYearUsd,
              capBindings: s.capBindings,
            }))}
            caption="Trading activity by variant"
          />
          {data.acrossModels !== null ? <AcrossModelsTable across={data.acrossModels} /> : null}
          <h2>Hedge P&amp;L by layer</h2>
          <HedgeByLayer result={data} theme={theme} />
          <h2>Stress windows</h2>
          <RecordTable
            rows={Object.entries(data.windows).flatMap(([variant, windows]) =>
              windows.filter((w) => w.metrics !== undefined && w.metrics !== null).map((w) => ({
                variant,
                window: w.window.label,
                // Beside the window, where a trader reads first: how far the hedged book ran ahead of its unhedged twin.
                ...(w.againstUnhedgedTwin === undefined ? {} : { againstUnhedgedTwin: w.againstUnhedgedTwin }),
                metrics: w.metrics,
                condorPnlUsd: w.condorPnlUsd,
                hedgePnlUsd: w.hedgePnlUsd,
              })),
            )}
            caption="Stress windows the run covers, by variant"
            omitColumn={engineDayColumn}
          />
          <h2>Claims check</h2>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Claim</th>
                  <th scope="col">Measured</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {data.claims.map((c) => (
                  // Claims 1 and 2 are measured on two books: the number alone is not a unique key.
                  <tr key={`${c.id} ${c.claim}`}>
                    <td>{c.id}</td>
                    <td>{c.claim}</td>
                    <td>{c.measured}</td>
                    <td className={`verdict-${c.verdict.replace(/\s+/g, '-')}`}>{c.verdict}</td>
                    <td>{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.modelInputs !== null ? (
            <section aria-label="What the market model rested on">
              <h2>What the market model rested on</h2>
              <p className="muted">
                Every price of the run comes from the day's market model, solved to that day's indexes; where an index was not published, something stood in. The {data.modelInputs.modelDays.toLocaleString('en-US')} trading days with a model, by where each target came from.
              </p>
              <RecordTable rows={data.modelInputs.rows} caption="Each model input by its source, over the run" />
              <p>{data.modelInputs.residual}</p>
            </section>
          ) : null}
          <h2>Decision log</h2>
          <DecisionLog id={id} variants={data.summaries.map((s) => s.name)} />
          <RunConfigs configs={data.configs} />
        </section>
      )}
    </Load>
  );
}

/** The fully resolved config each variant ran with, field by field (what `alvh backtest` prints too). */
function RunConfigs({ configs }: { configs: BacktestResultResponse['configs'] }) {
  const variants = Object.keys(configs);
  if (variants.length === 0) return null;
  return (
    <section aria-label="Configs the run used">
      <h2>Configs the run used</h2>
      {variants.map((variant) => (
        <details key={variant}>
          <summary>{variant}</summary>
          <div className="table-scroll" tabIndex={0}>
            <table className="fields">
              <caption>Config of {variant}</caption>
              <tbody>
                {configLeaves(configs[variant]).map(([path, value]) => (
                  <tr key={path}>
                    <th scope="row">{path}</th>
                    <td>{typeof value === 'string' ? value : JSON.stringify(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </section>
  );
}

/**
 * Edit any field of a config, starting from a preset; run beside the chosen presets under its own
 * name. The server validates it and its reasons come back to the fields they name.
 */
function EditedConfig({
  presets,
  value,
  onChange,
  issues,
  disabled,
}: {
  presets: PresetsResponse['presets'];
  value: ConfigValue | null;
  onChange: (next: ConfigValue | null) => void;
  issues: ReadonlyMap<string, readonly string[]>;
  disabled: boolean;
}) {
  const schema = useApi<StrategyConfigSchemaResponse>('/api/strategy-config/schema');
  const [base, setBase] = useState(presets[0]?.name ?? '');
  const startFrom = (name: string) => {
    const preset = presets.find((p) => p.name === name);
    // A new name, so the edited variant can run beside the preset it came from.
    if (preset) onChange({ ...(preset.config as unknown as ConfigValue), name: `${name}-edited` });
  };
  return (
    <details className="card" open={value !== null || undefined}>
      <summary>Edit any config field</summary>
      <div className="controls">
        <label>
          Start from preset
          <select value={base} onChange={(e) => setBase(e.target.value)} disabled={disabled}>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>{p.name}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => startFrom(base)} disabled={disabled}>{value === null ? 'Edit a copy' : 'Start again from this preset'}</button>
        {value !== null ? (
          <button type="button" onClick={() => onChange(null)} disabled={disabled}>Leave out of the run</button>
        ) : null}
      </div>
      {value !== null ? (
        <>
          <p className="muted small">
            Runs as <strong>{String(value['name'] ?? '')}</strong> beside the presets ticked above. Each field shows its default and bounds; the server checks the whole config when the run starts.
          </p>
          <Load result={schema}>{(data) => <fieldset disabled={disabled} className="config-fieldset" aria-label="Edited config"><ConfigEditor schema={data.schema as SchemaNode} value={value} onChange={onChange} issues={issues} /></fieldset>}</Load>
        </>
      ) : null}
    </details>
  );
}

function RecentRuns({ reloadKey }: { reloadKey: number }) {
  const runs = useApi<BacktestListResponse>('/api/backtests', reloadKey);
  if (runs.state !== 'ready' || runs.data.runs.length === 0) return null;
  return (
    <details>
      <summary>Recent runs ({runs.data.runs.length})</summary>
      <ul className="reasons" aria-label="Recent runs">
        {runs.data.runs.map((r) => (
          <li key={r.id}>
            <a href={`#/backtest?run=${encodeURIComponent(r.id)}`}>
              {r.presets.join(', ')} from {r.from}
              {r.to ? ` to ${r.to}` : ''}
            </a>{' '}
            <span className="muted small">
              {r.status}, {r.createdAt.slice(0, 16).replace('T', ' ')} UTC
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function BacktestPage({ theme }: { theme: Theme }) {
  const presets = useApi<PresetsResponse>('/api/presets');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [from, setFrom] = useState('2018-01-02');
  const [to, setTo] = useState('2018-03-29');
  const [acrossModels, setAcrossModels] = useState(false);
  const [run, setRun] = useState<RunState>({ phase: 'idle' });
  const [edited, setEdited] = useState<ConfigValue | null>(null);
  const [configIssues, setConfigIssues] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
  const [listKey, setListKey] = useState(0);
  const stream = useRef<AbortController | null>(null);
  const permalink = useHashParams().get('run');

  useEffect(() => () => stream.current?.abort(), []);
  // The first preset is ticked once, when the list arrives; unticking every preset (to run only an
  // edited config) is then left alone.
  const defaulted = useRef(false);
  useEffect(() => {
    if (defaulted.current || presets.state !== 'ready') return;
    defaulted.current = true;
    if (presets.data.presets[0]) setChosen([presets.data.presets[0].name]);
  }, [presets]);

  /** Follows a job's events until it ends; the same for a job just started and one found running later. */
  async function attach(id: string) {
    stream.current?.abort();
    const controller = new AbortController();
    stream.current = controller;
    setRun({ phase: 'running', id, progress: {} });
    try {
      const response = await fetch(`/api/backtests/${encodeURIComponent(id)}/events`, { headers: { Accept: 'text/event-stream', ...authHeaders() }, signal: controller.signal });
      if (!response.ok) throw new ApiError(response.status, `event stream: ${response.statusText}`);
      let finished = false;
      await readEventStream(response, (event) => {
        if (event.event === 'progress') {
          const progress = JSON.parse(event.data) as BacktestProgressEvent;
          setRun((current) => (current.phase === 'running' ? { ...current, progress: { ...current.progress, [progress.variant]: progress } } : current));
        } else if (event.event === 'done') {
          finished = true;
          setRun((current) => ({ phase: 'done', id, progress: current.phase === 'running' ? current.progress : {} }));
        } else if (event.event === 'cancelled') {
          finished = true;
          setRun({ phase: 'cancelled' });
        } else if (event.event === 'error') {
          finished = true;
          setRun({ phase: 'error', message: (JSON.parse(event.data) as { message: string }).message });
        }
      });
      // A stream that ends without a verdict: ask the job itself.
      if (!finished) {
        const status = await getJson<BacktestResultResponse>(`/api/backtests/${encodeURIComponent(id)}`);
        setRun(status.body.status === 'done' ? { phase: 'done', id, progress: {} } : { phase: 'error', message: status.body.message ?? `the job is ${status.body.status}` });
      }
      setListKey((k) => k + 1);
    } catch (error) {
      if (controller.signal.aborted) return;
      setRun({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  // A permalink opens its run (following it if it still runs); without one, a run still going on the
  // server (started before the page was left) is re-attached to, so it can be watched or cancelled.
  useEffect(() => {
    const controller = new AbortController();
    const open = async () => {
      if (permalink) {
        const job = await getJson<BacktestResultResponse>(`/api/backtests/${encodeURIComponent(permalink)}`, controller.signal);
        if (controller.signal.aborted) return;
        if (job.body.status === 'running') void attach(permalink);
        else if (job.body.status === 'done') setRun({ phase: 'done', id: permalink, progress: {} });
        else setRun(job.body.status === 'cancelled' ? { phase: 'cancelled' } : { phase: 'error', message: job.body.message ?? 'the run failed' });
        return;
      }
      const list = await getJson<BacktestListResponse>('/api/backtests', controller.signal);
      const running = list.body.runs.find((r) => r.status === 'running');
      if (!controller.signal.aborted && running) void attach(running.id);
    };
    open().catch((error: unknown) => {
      if (!controller.signal.aborted) setRun({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return () => controller.abort();
  }, [permalink]);

  async function start() {
    try {
      const configs = edited === null ? [] : [edited];
      const created = await sendJson<BacktestCreated>('POST', '/api/backtests', { presets: chosen, configs, from, ...(to ? { to } : {}), ...(acrossModels ? { acrossModels: true } : {}) });
      setConfigIssues(new Map());
      setListKey((k) => k + 1);
      // The run's permalink goes into the address at once; opening it follows the run.
      setHashParams({ run: created.body.id });
    } catch (error) {
      setConfigIssues(error instanceof ApiError ? issuesOfConfig(error.issues, 0) : new Map());
      setRun({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  async function cancel() {
    if (run.phase !== 'running') return;
    try {
      await sendJson('DELETE', `/api/backtests/${encodeURIComponent(run.id)}`);
    } catch (error) {
      setRun({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const running = run.phase === 'running';
  return (
    <>
      <Load result={presets}>
        {(data) => (
          <form
            className="controls"
            aria-label="Backtest settings"
            onSubmit={(e) => {
              e.preventDefault();
              void start();
            }}
          >
            <fieldset disabled={running}>
              <legend>Presets</legend>
              {data.presets.map((p) => (
                <label key={p.name}>
                  <input
                    type="checkbox"
                    name="preset"
                    value={p.name}
                    checked={chosen.includes(p.name)}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, p.name] : chosen.filter((c) => c !== p.name))}
                  />
                  {p.name}
                </label>
              ))}
            </fieldset>
            <label>
              From <input type="date" name="from" value={from} onChange={(e) => setFrom(e.target.value)} required disabled={running} />
            </label>
            <label>
              To <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} disabled={running} />
            </label>
            <label title="Runs the same variants again on every bundled market model config and shows whether the hedge's verdict holds on each (a few seconds per model and decade)">
              <input type="checkbox" name="across-models" checked={acrossModels} onChange={(e) => setAcrossModels(e.target.checked)} disabled={running} /> Also on the other market models
            </label>
            <button type="submit" disabled={running || (chosen.length === 0 && edited === null)}>Run backtest</button>
            <button type="button" onClick={() => void cancel()} disabled={!running}>Cancel</button>
          </form>
        )}
      </Load>
      <Load result={presets}>
        {(data) => (
          <EditedConfig
            presets={data.presets}
            value={edited}
            onChange={(next) => {
              setEdited(next);
              if (next === null) setConfigIssues(new Map());
            }}
            issues={configIssues}
            disabled={running}
          />
        )}
      </Load>
      <RecentRuns reloadKey={listKey} />
      {run.phase === 'running' ? <p className="muted small" role="status">Running on the server: leaving this page does not stop it, and coming back follows it again.</p> : null}
      {run.phase === 'running' || run.phase === 'done' ? <ProgressBars progress={run.progress} /> : null}
      {run.phase === 'cancelled' ? <p role="status">The run was cancelled.</p> : null}
      {run.phase === 'error' ? <p className="error" role="alert">{run.message}</p> : null}
      {run.phase === 'done' ? <BacktestResults id={run.id} theme={theme} /> : null}
    </>
  );
}

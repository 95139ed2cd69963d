import { useState } from 'react';
import { sendJson, withQuery } from '../api/client.js';
import { useApi, usePost } from '../api/useApi.js';
import type { BookAcceptResponse, BookGreeks, BookTriggersResponse, DailySignal, SignalResponse, StatusResponse } from '../api/types.js';
import { DateControl } from '../components/DateControl.js';
import { Load } from '../components/Status.js';
import { RecordTable, ScrollTable, TextList } from '../components/Tables.js';
import { formatContracts, formatDifference, formatHedgeRatio, formatNumber, formatPercent, formatUsd } from '../format.js';
import { bookBasisLine, fractionalContractsNote, journalLine, rulesChangedLine } from '../../../src/book/signalWords.js';

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}

function GreeksCards({ greeks }: { greeks: BookGreeks }) {
  return (
    <div className="cards" aria-label="Book Greeks after the day's trades">
      <Card label="Equity" value={formatUsd(greeks.equityUsd)} />
      <Card label="Hedge ratio" value={formatHedgeRatio(greeks.hedgeRatio)} />
      <Card label="Delta (USD / SPX pt)" value={formatUsd(greeks.spxDeltaUsdPerPoint)} />
      <Card label="Gamma (USD / SPX pt²)" value={formatNumber(greeks.spxGammaUsdPerPoint2)} />
      <Card label="Vega (USD / vol pt)" value={formatUsd(greeks.spxVegaUsdPerVolPoint)} />
      <Card label="Theta (USD / day)" value={formatUsd(greeks.thetaUsdPerDay)} />
      <Card label="Hedge (USD / VIX pt)" value={formatUsd(greeks.hedgeUsdPerVixPoint)} />
      <Card label="Condors (USD / VIX pt)" value={formatUsd(greeks.condorUsdPerVixPoint)} />
      {greeks.seedUsdPerVixPoint !== undefined && <Card label="Pre-FOMC seed (USD / VIX pt, outside the ratio)" value={formatUsd(greeks.seedUsdPerVixPoint)} />}
      <Card label="Open condors / hedge layers" value={`${greeks.openCondors} / ${greeks.hedgeLayers}`} />
    </div>
  );
}

function SignalView({ signal }: { signal: DailySignal }) {
  const summary = signal.summary;
  const fractional = fractionalContractsNote(signal.preset, signal.trades);
  return (
    <>
      <div className="cards">
        <Card label="Date" value={signal.date} />
        <Card label="Strategy" value={signal.preset} />
        <Card label="Regime" value={summary?.regime ?? '–'} />
        <Card label="SPX" value={formatNumber(signal.market?.spxClose)} />
        <Card label="VIX" value={formatNumber(signal.market?.vixClose)} />
        <Card label="VIX / VIX3M" value={formatNumber(summary?.vixToVix3m, 3)} />
        <Card label="Futures contango" value={formatPercent(summary?.futuresContango)} />
        <Card label="Entry trigger" value={summary ? (summary.entryTrigger ? 'yes' : 'no') : '–'} />
      </div>
      {summary ? (
        <>
          <p>
            <strong>Entry:</strong> {summary.entryReason}
            {summary.confirmations.length > 0 ? ` (confirmed by ${summary.confirmations.join(', ')})` : ''}
          </p>
          <p>
            <strong>Relief:</strong> {summary.relief}. <strong>Next event:</strong> {summary.nextEvent ?? 'none known'}
            {summary.tradingDaysToNextEvent !== null ? ` in ${summary.tradingDaysToNextEvent} trading days` : ''}
          </p>
          {summary.regimeChangeSignals.length > 0 ? <p><strong>Regime-change signals:</strong> {summary.regimeChangeSignals.join(', ')}</p> : null}
        </>
      ) : null}
      <h2>Actions and reasons</h2>
      {signal.decisions.length === 0 ? (
        <p className="muted">No action today.</p>
      ) : (
        <ul className="reasons" aria-label="Decisions">
          {signal.decisions.map((d, i) => (
            <li key={i}>
              <strong>{d.action}</strong> ({d.rule}{d.group ? `, ${d.group}` : ''}): {d.reason}
            </li>
          ))}
        </ul>
      )}
      <h2>Trades</h2>
      {signal.trades.length === 0 && (signal.indexTrades ?? []).length > 0 ? null : <RecordTable rows={signal.trades} caption="Orders at model prices (index points)" />}
      {(signal.indexTrades ?? []).length > 0 ? <RecordTable rows={signal.indexTrades ?? []} caption="Index units bought or sold at the index's level, without a fee (points; cost in USD)" /> : null}
      {fractional === undefined ? null : <p className="muted small" data-testid="fractional-contracts">{fractional}.</p>}
      <h2>Book Greeks and hedge ratio</h2>
      {signal.greeksAfter ? <GreeksCards greeks={signal.greeksAfter} /> : <p className="muted">The book is empty.</p>}
    </>
  );
}

/**
 * Stale data (the server's `staleness.stale`, the same rule as the terminal's signal) is flagged at the
 * top of the page when the signal is the latest one; an earlier day picked on the page is a replay, and
 * the Data staleness card says how old the data is.
 */
function StaleBanner({ lastDataDay, lastDataReason, calendarDaysBehind, stale }: { lastDataDay: string; lastDataReason: string; calendarDaysBehind: number; stale: boolean }) {
  if (!stale) return null;
  return (
    <div className="banner" role="alert" data-testid="stale-banner">
      <strong>Stale data.</strong> The latest day with data is {lastDataDay} ({lastDataReason}), {calendarDaysBehind} calendar days before today: this is not today's signal.
      Run <code>alvh data update</code> (or import the latest files) and reload.
    </div>
  );
}

type ModelCalibration = NonNullable<SignalResponse['modelCalibration']>;

const TENOR_SOURCE_TEXT: Readonly<Record<ModelCalibration['tenors'][number]['source'], string>> = {
  observed: 'published',
  futures: 'from the VIX futures (not published)',
  'mean-reversion': 'mean reversion from VIX (not published)',
};

/**
 * How the day's market model was calibrated: each index its prices are solved to against the model's
 * own index by Cboe's procedure, and a note for each target that was missing or not reached (the
 * terminal's "Model calibration" line).
 */
function ModelCalibrationView({ calibration }: { calibration: ModelCalibration }) {
  const { skew, vixOptions } = calibration;
  // One row per index: the VIX family's tenors, then SKEW, then VVIX on days VIX options trade.
  const rows = [
    ...calibration.tenors.map((t) => ({
      index: t.index,
      digits: 2,
      target: t.targetPercent,
      model: t.modelPercent,
      difference: t.residualVolPoints,
      source: `${TENOR_SOURCE_TEXT[t.source]}; ATM vol ${formatNumber(t.atmVolPercent, 2)} % at ${t.tenorDays} d`,
    })),
    {
      index: 'SKEW',
      digits: 1,
      target: skew.targetSkew,
      model: skew.modelSkew,
      difference: skew.residualSkewPoints,
      source: `${skew.targetSkew === null ? 'no SKEW close in the window' : `median of the last ${skew.medianWindowTradingDays} closes`}; skew level ${formatNumber(skew.skewLevel, 3)} (${skew.source})`,
    },
    ...(vixOptions === null
      ? []
      : [
          {
            index: 'VVIX',
            digits: 2,
            target: vixOptions.targetVvixPercent,
            model: vixOptions.modelVvixPercent,
            difference: vixOptions.residualVvixPoints,
            source: `${vixOptions.vvixFromFallback ? 'regression on VIX (no VVIX close)' : 'published'}; 30-day ATM vol ${formatNumber(vixOptions.atmVol30Percent, 1)} %`,
          },
        ]),
  ];
  return (
    <section aria-label="Market model calibration">
      <h2>Market model calibration</h2>
      <p className="muted">Each index the model's prices are solved to on this day, against Cboe's procedure on the model's own options.</p>
      <ScrollTable columns={['Index', 'Target', 'Model', 'Difference', 'Source of the target']} caption="Targets and the model's own indexes" testId="model-calibration">
        {rows.map((r) => (
          <tr key={r.index}>
            <th scope="row">{r.index}</th>
            <td>{formatNumber(r.target, r.digits)}</td>
            <td>{formatNumber(r.model, r.digits)}</td>
            <td>{formatDifference(r.difference, r.digits)}</td>
            <td>{r.source}</td>
          </tr>
        ))}
      </ScrollTable>
      <TextList items={calibration.notes} label="Model calibration notes" />
    </section>
  );
}

const unitText: Readonly<Record<string, (v: number) => string>> = {
  delta: (v) => formatNumber(v, 3),
  fraction: (v) => formatPercent(v),
  days: (v) => `${formatNumber(v, 0)} d`,
  ratio: (v) => formatNumber(v, 2),
  'trading days': (v) => `${formatNumber(v, 0)} td`,
};

function TriggerTable({ date, noAction }: { date: string; noAction: boolean }) {
  const triggers = useApi<BookTriggersResponse>(withQuery('/api/book/triggers', { date }));
  return (
    <Load result={triggers}>
      {(data) => (
        <div className="table-scroll" tabIndex={0}>
          <table aria-label="Trigger distances">
            <caption>{noAction ? 'Why no action: how far each trigger is from firing' : 'How far each trigger is from firing'}</caption>
            <thead>
              <tr>
                <th scope="col">Trigger</th>
                <th scope="col">Condor</th>
                <th scope="col">Now</th>
                <th scope="col">Fires at</th>
                <th scope="col">Distance</th>
                <th scope="col">Rule</th>
              </tr>
            </thead>
            <tbody>
              {data.triggers.map((t, i) => {
                const fmt = unitText[t.unit] ?? ((v: number) => formatNumber(v));
                const fired = t.active && t.remaining !== null && t.remaining <= 0;
                return (
                  <tr key={i} className={t.active ? undefined : 'muted'}>
                    <th scope="row">{t.trigger}</th>
                    <td>{t.group ?? 'book'}</td>
                    <td>{t.value === null ? '–' : fmt(t.value)}</td>
                    <td>{t.threshold === null ? '–' : t.upper !== null ? `outside ${fmt(t.threshold)}–${fmt(t.upper)}` : fmt(t.threshold)}</td>
                    <td className={fired ? 'negative' : undefined}>{t.remaining === null ? '–' : fired ? `reached (${fmt(t.remaining)})` : fmt(t.remaining)}</td>
                    <td className="small">
                      <code>{t.rule}</code>
                      {t.active ? '' : t.value === null ? ' (nothing to measure yet)' : ' (not used by this preset)'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Load>
  );
}

/**
 * The day's trades with the price each was filled at (the model's unless changed), accepted in one go.
 * `acceptBlockedBy` says why this day cannot be accepted (the book holds a later state, and days are
 * accepted in order): the form then shows the trades with its buttons disabled and that reason.
 */
function AcceptForm({ signal, onAccepted, acceptBlockedBy }: { signal: DailySignal; onAccepted: (message: string) => void; acceptBlockedBy: string | null }) {
  const [prices, setPrices] = useState<Readonly<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const indexTrades = signal.indexTrades ?? [];
  if (signal.trades.length === 0 && indexTrades.length === 0) return null;
  const accept = async (withFills: boolean) => {
    setBusy(true);
    setError(null);
    const fills = withFills
      ? signal.trades.flatMap((t) => {
          const text = prices[t.positionId];
          if (text === undefined || text === '' || Number(text) === t.modelPricePoints) return [];
          return [{ positionId: t.positionId, pricePoints: Number(text) }];
        })
      : [];
    try {
      const r = await sendJson<BookAcceptResponse>('POST', '/api/book/accept', { date: signal.date, fills });
      onAccepted(`Accepted ${r.body.trades.length} trade(s) of ${r.body.date} into the book (state #${r.body.stateId})${fills.length > 0 ? `, ${fills.length} at the fills entered` : ' at model prices'}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-label="Accept the day's trades"
      onSubmit={(e) => {
        e.preventDefault();
        void accept(true);
      }}
    >
      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption>Fills (index points): leave the model's price or enter the one obtained</caption>
          <thead>
            <tr>
              <th scope="col">Trade</th>
              <th scope="col">Contracts</th>
              <th scope="col">Model price</th>
              <th scope="col">Fill price</th>
            </tr>
          </thead>
          <tbody>
            {signal.trades.map((t) => (
              <tr key={t.positionId}>
                <th scope="row">{t.description}</th>
                <td>{formatContracts(t.quantity)}</td>
                <td>{formatNumber(t.modelPricePoints)}</td>
                <td>
                  <input
                    type="number"
                    step="any"
                    min="0"
                    inputMode="decimal"
                    aria-label={`Fill price of ${t.positionId}`}
                    value={prices[t.positionId] ?? String(Number(t.modelPricePoints.toFixed(2)))}
                    onChange={(e) => setPrices({ ...prices, [t.positionId]: e.target.value })}
                  />
                </td>
              </tr>
            ))}
            {indexTrades.map((t) => (
              <tr key={t.holdingId}>
                <th scope="row">{t.description}</th>
                <td>{formatContracts(t.units)}</td>
                <td>{formatNumber(t.levelPoints)}</td>
                <td className="muted small">at the index level</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {acceptBlockedBy !== null ? <p className="muted small" data-testid="accept-blocked">Accepting is off for this day: {acceptBlockedBy}.</p> : null}
      <div className="controls">
        <button type="button" disabled={busy || acceptBlockedBy !== null} onClick={() => void accept(false)}>Accept at model prices</button>
        <button type="submit" disabled={busy || acceptBlockedBy !== null}>Accept with these fills</button>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </form>
  );
}

/** The same book's signal on the other bundled market models: what each would do differently. */
function AcrossModelsView({ others, followed }: { others: NonNullable<SignalResponse['acrossModels']>; followed: string }) {
  const agree = others.filter((o) => o.sameActions && o.sameTrades).length;
  return (
    <section aria-label="Across market models">
      <h2>Across market models</h2>
      <p className="muted">
        The same book and day priced on each bundled market model (what-ifs: not journalled, the book unchanged), against the signal above ({followed}). {agree} of {others.length} recommend exactly the same.
      </p>
      <ul className="reasons" data-testid="across-models">
        {others.map((o) => (
          <li key={o.model}>
            <code>{o.model}</code>: {o.sameActions && o.sameTrades ? 'the same recommendations and trades' : o.sameActions ? 'the same recommendations, other trades' : 'other recommendations'}
            {o.actionChanges.length + o.tradeChanges.length > 0 ? (
              <ul>
                {[...o.actionChanges, ...o.tradeChanges].map((c, i) => (
                  <li key={`${i}:${c}`}>{c}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TodayPage() {
  const [date, setDate] = useState('');
  const [accepted, setAccepted] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [acrossModels, setAcrossModels] = useState(false);
  // A POST: issuing the signal journals it on the server (the other models' what-ifs are not journalled).
  const signal = usePost<SignalResponse>('/api/signal', { ...(date === '' ? {} : { date }), ...(acrossModels ? { acrossModels: true } : {}) }, reload);
  const status = useApi<StatusResponse>('/api/status');
  return (
    <>
      {signal.state === 'ready' ? <StaleBanner lastDataDay={signal.data.staleness.lastDataDay} lastDataReason={signal.data.staleness.lastDataReason} calendarDaysBehind={signal.data.staleness.lastDataCalendarDaysBeforeToday} stale={signal.data.staleness.stale && signal.data.staleness.calendarDaysBeforeLastData === 0} /> : null}
      <DateControl date={date} onChange={setDate} hint="Empty: the latest day with data. An earlier day shows the signal the book had then." />
      {accepted ? <p role="status" className="positive">{accepted}</p> : null}
      <Load result={signal}>
        {(data) => (
          <>
            <p className="muted" data-testid="signal-basis">
              {/* The banner below says the rest when the journal holds another build's signal. */}
              {bookBasisLine(data.book)}. {data.journal === 'changed' ? null : `${journalLine(data)}.`}
            </p>
            {data.journal === 'changed' ? (
              <p className="banner" role="status" data-testid="journal-changed">
                An earlier build of alvh{data.journalEarlier ? ` (${data.journalEarlier.alvhVersion})` : ''} issued a different signal for this day from the same data, config and book: its rules or market model have changed since. Both are in the journal; this page shows the one computed now.
              </p>
            ) : null}
            {data.strategy?.bookNowFollows !== undefined ? (
              <p className="muted" data-testid="strategy-source">
                Strategy: <code>{data.strategy.name}</code> ({data.strategy.source}, sha256 {data.strategy.configSha256.slice(0, 12)}), the one the book followed on this day; it has since switched to <code>{data.strategy.bookNowFollows}</code>
              </p>
            ) : data.strategy !== undefined && data.strategy.source !== 'bundled preset' ? (
              <p className="muted" data-testid="strategy-source">
                Strategy: <code>{data.strategy.name}</code>, {data.strategy.source === 'config kept in the book' ? 'the config the book keeps' : `the config file${data.strategy.file === undefined ? ' the server was started with' : ` ${data.strategy.file}`}`} (sha256 {data.strategy.configSha256.slice(0, 12)})
                {data.strategy.description === '' ? '' : `: ${data.strategy.description}`}
              </p>
            ) : null}
            {data.strategy !== undefined && rulesChangedLine(data.strategy) !== undefined ? (
              <p className="banner" role="status" data-testid="rules-changed">
                {rulesChangedLine(data.strategy)}
              </p>
            ) : null}
            {data.marketModel !== undefined && data.marketModel.changes.length > 0 ? (
              <p className="muted" data-testid="market-model">
                Market model: <code>{data.marketModel.source}</code> ({data.marketModel.changes.join('; ')})
              </p>
            ) : null}
            <SignalView signal={data.signal} />
            {data.acrossModels !== undefined ? (
              <AcrossModelsView others={data.acrossModels} followed={data.marketModel?.source ?? 'defaults'} />
            ) : (
              <div className="controls">
                <button type="button" onClick={() => setAcrossModels(true)}>
                  Compare with the other market models
                </button>
              </div>
            )}
            {data.modelCalibration !== undefined ? <ModelCalibrationView calibration={data.modelCalibration} /> : null}
            <TriggerTable date={data.signal.date} noAction={data.signal.decisions.length === 0} />
            <AcceptForm
              signal={data.signal}
              acceptBlockedBy={data.book.laterState ? `the book holds state #${data.book.laterState.id} of ${data.book.laterState.day}, and days are accepted in order` : null}
              onAccepted={(message) => {
                setAccepted(message);
                setReload((n) => n + 1);
              }}
            />
            <h2>Data staleness</h2>
            <p data-testid="data-staleness">
              Last data day {data.staleness.lastDataDay} ({data.staleness.lastDataReason}), {data.staleness.lastDataCalendarDaysBeforeToday} calendar days before today.
            </p>
          </>
        )}
      </Load>
      <Load result={status}>
        {(data) => (
          <>
            <p>
              Data version <code>{data.dataVersion}</code>, last day {data.lastDay}, status as of {data.asOf}.
            </p>
            {data.warnings.length > 0 ? (
              <details>
                <summary>{data.warnings.length} data warnings (rows the loader dropped, and why)</summary>
                <TextList items={data.warnings} label="Data warnings" />
              </details>
            ) : null}
            <ScrollTable columns={['Series', 'First', 'Last', 'Rows', 'Gaps', 'Stale trading days']} caption="Series">
              {data.series.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>{s.firstDate}</td>
                  <td>{s.lastDate}</td>
                  <td>{s.rows}</td>
                  <td>{s.gapCount}</td>
                  <td className={s.staleTradingDays > 0 ? 'negative' : undefined}>{s.staleTradingDays}</td>
                </tr>
              ))}
            </ScrollTable>
          </>
        )}
      </Load>
    </>
  );
}

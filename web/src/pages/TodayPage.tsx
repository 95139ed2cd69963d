import { useState } from 'react';
import { useApi, usePost } from '../api/useApi.js';
import type { BookGreeks, DailySignal, SignalResponse, StatusResponse } from '../api/types.js';
import { DateControl } from '../components/DateControl.js';
import { Load } from '../components/Status.js';
import { RecordTable } from '../components/Tables.js';
import { formatNumber, formatPercent, formatUsd } from '../format.js';

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
      <Card label="Hedge ratio" value={formatNumber(greeks.hedgeRatio)} />
      <Card label="Delta (USD / SPX pt)" value={formatUsd(greeks.spxDeltaUsdPerPoint)} />
      <Card label="Gamma (USD / SPX pt²)" value={formatNumber(greeks.spxGammaUsdPerPoint2)} />
      <Card label="Vega (USD / vol pt)" value={formatUsd(greeks.spxVegaUsdPerVolPoint)} />
      <Card label="Theta (USD / day)" value={formatUsd(greeks.thetaUsdPerDay)} />
      <Card label="Hedge (USD / VIX pt)" value={formatUsd(greeks.hedgeUsdPerVixPoint)} />
      <Card label="Condors (USD / VIX pt)" value={formatUsd(greeks.condorUsdPerVixPoint)} />
      <Card label="Open condors / hedge layers" value={`${greeks.openCondors} / ${greeks.hedgeLayers}`} />
    </div>
  );
}

function SignalView({ signal }: { signal: DailySignal }) {
  const summary = signal.summary;
  return (
    <>
      <div className="cards">
        <Card label="Date" value={signal.date} />
        <Card label="Preset" value={signal.preset} />
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
      <RecordTable rows={signal.trades} caption="Orders at model prices (index points)" />
      <h2>Book Greeks and hedge ratio</h2>
      {signal.greeksAfter ? <GreeksCards greeks={signal.greeksAfter} /> : <p className="muted">The book is empty.</p>}
    </>
  );
}

export function TodayPage() {
  const [date, setDate] = useState('');
  // A POST: issuing the signal journals it on the server.
  const signal = usePost<SignalResponse>('/api/signal', date === '' ? {} : { date });
  const status = useApi<StatusResponse>('/api/status');
  return (
    <>
      <DateControl date={date} onChange={setDate} hint="Empty: the latest day with data. An earlier day shows the signal the book had then." />
      <Load result={signal}>
        {(data) => (
          <>
            <p className="muted">
              Book state {data.book.baseStateId} from {data.book.baseDay ?? 'no day'}
              {data.book.unsteppedTradingDays > 0 ? `, ${data.book.unsteppedTradingDays} trading days not yet accepted` : ''}; journal: {data.journal}.
            </p>
            <SignalView signal={data.signal} />
            <h2>Data staleness</h2>
            <p>
              Last data day {data.staleness.lastDataDay}, {data.staleness.lastDataCalendarDaysBeforeToday} calendar days before today.
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
                <ul className="reasons" aria-label="Data warnings">
                  {data.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </details>
            ) : null}
            <div className="table-scroll" tabIndex={0}>
              <table>
                <caption>Series</caption>
                <thead>
                  <tr>
                    <th scope="col">Series</th>
                    <th scope="col">First</th>
                    <th scope="col">Last</th>
                    <th scope="col">Rows</th>
                    <th scope="col">Gaps</th>
                    <th scope="col">Stale trading days</th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </div>
          </>
        )}
      </Load>
    </>
  );
}

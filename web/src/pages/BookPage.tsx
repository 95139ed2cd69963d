import { useState } from 'react';
import { useApi } from '../api/useApi.js';
import { sendJson, withQuery } from '../api/client.js';
import type { BookEditResponse, BookPayoffResponse, BookResponse, BookRiskResponse, BookSwitchResponse, PresetsResponse, UserPosition } from '../api/types.js';
import { BrokerImport } from '../components/BrokerImport.js';
import { DateControl } from '../components/DateControl.js';
import { Load } from '../components/Status.js';
import { RecordTable } from '../components/Tables.js';
import { EChart } from '../charts/EChart.js';
import { formatHedgeRatio, formatNumber, formatUsd, formatUsdCompact } from '../format.js';
import { useNarrowViewport } from '../viewport.js';
import type { Theme } from '../theme.js';
import { stateRulesNote, switchRulesText } from '../../../src/book/signalWords.js';

/** The grid's cells are changes from today's repricing; adding today's open P&L puts them against entry, as the payoff is. */
/**
 * On a phone the grid is turned on its side: the SPX moves (many) run down, the VIX shifts (few)
 * across, so each cell is wide enough for its figure, written short ($-12k), and the colour scale
 * lies under the grid instead of beside it.
 */
function ScenarioHeatMap({ risk, theme }: { risk: BookRiskResponse; theme: Theme }) {
  const narrow = useNarrowViewport();
  const vsEntry = (cell: { totalPnlUsd: number }) => cell.totalPnlUsd + risk.openPnlUsd;
  const moves = [...new Set(risk.grid.map((c) => c.spxMoveFraction))].sort((a, b) => a - b);
  const shifts = [...new Set(risk.grid.map((c) => c.vixShiftPoints))].sort((a, b) => a - b);
  const extremeUsd = Math.max(1, ...risk.grid.map((c) => Math.abs(vsEntry(c))));
  const moveLabels = moves.map((m) => `${m > 0 ? '+' : ''}${formatNumber(m * 100, 0)} %`);
  const shiftLabels = shifts.map((s) => (s > 0 ? `+${s}` : String(s)));
  const spxAxis = { type: 'category' as const, name: 'SPX move', nameLocation: 'middle' as const, data: moveLabels };
  const vixAxis = { type: 'category' as const, name: 'VIX shift (pts)', nameLocation: 'middle' as const, data: shiftLabels };
  // Each cell's [column, row, P&L]: SPX across on a wide screen, down on a phone.
  const cellOf = (c: BookRiskResponse['grid'][number]) => (narrow ? [shifts.indexOf(c.vixShiftPoints), moves.indexOf(c.spxMoveFraction), vsEntry(c)] : [moves.indexOf(c.spxMoveFraction), shifts.indexOf(c.vixShiftPoints), vsEntry(c)]);
  return (
    <EChart
      theme={theme}
      heightPx={narrow ? 90 + 34 * moves.length : 360}
      label={`Book P&L against entry prices by SPX move and VIX shift, USD${narrow ? ' (SPX moves down the side, VIX shifts across)' : ''}`}
      deps={[risk, narrow]}
      option={(palette) => ({
        tooltip: {
          confine: true,
          formatter: (params: unknown) => {
            const [a, b] = (params as { value: [number, number, number] }).value;
            const [i, j] = narrow ? [b, a] : [a, b];
            const cell = risk.grid.find((c) => c.spxMoveFraction === moves[i] && c.vixShiftPoints === shifts[j]);
            return cell
              ? `SPX ${formatNumber(cell.spxLevel, 0)} (${formatNumber(cell.spxMoveFraction * 100, 1)} %), VIX ${formatNumber(cell.vixLevel, 1)}<br>condors ${formatUsd(cell.condorPnlUsd)}, hedge ${formatUsd(cell.hedgePnlUsd)}<br>change from today ${formatUsd(cell.totalPnlUsd)}<br>P&amp;L vs entry ${formatUsd(vsEntry(cell))}`
              : '';
          },
        },
        grid: narrow ? { left: 58, right: 8, bottom: 64, top: 34 } : { left: 70, right: 110, bottom: 50, top: 30 },
        xAxis: { ...(narrow ? { ...vixAxis, position: 'top' as const, nameLocation: 'middle' as const, nameGap: 22 } : { ...spxAxis, nameGap: 28 }), axisLabel: { color: palette.text }, nameTextStyle: { color: palette.text } },
        yAxis: { ...(narrow ? { ...spxAxis, nameGap: 44, inverse: true } : { ...vixAxis, nameGap: 40 }), axisLabel: { color: palette.text }, nameTextStyle: { color: palette.text } },
        visualMap: {
          min: -extremeUsd,
          max: extremeUsd,
          calculable: true,
          ...(narrow ? { orient: 'horizontal' as const, left: 'center', bottom: 4, itemWidth: 12, itemHeight: 200 } : { orient: 'vertical' as const, right: 10, top: 'middle' }),
          formatter: (v: unknown) => formatUsdCompact(Number(v)),
          textStyle: { color: palette.text },
          inRange: { color: [palette.negative, palette.background, palette.positive] },
        },
        series: [
          {
            type: 'heatmap',
            name: 'P&L vs entry, USD',
            label: { show: true, color: palette.text, fontSize: narrow ? 12 : 11, formatter: (p: unknown) => (narrow ? formatUsdCompact : formatUsd)((p as { value: [number, number, number] }).value[2]) },
            data: risk.grid.map(cellOf),
          },
        ],
      })}
    />
  );
}

/**
 * The payoff as OptionStrat draws it: P&L against the entry prices (the same reference as the
 * scenario grid above) across SPX levels, at the condors' expiry and today under each VIX level, with
 * today's SPX and the break-evens marked, every curve's P&L at the hovered level, and axis titles.
 */
function PayoffChart({ payoff, breakEvens, theme }: { payoff: BookPayoffResponse; breakEvens: readonly number[]; theme: Theme }) {
  const [dateIndex, setDateIndex] = useState(0);
  const curve = payoff.dateCurves[Math.min(dateIndex, payoff.dateCurves.length - 1)];
  const atSpot = payoff.spxLevels.findIndex((level) => Math.abs(level / payoff.spxClose - 1) < 1e-9);
  const curveName = curve ? `on ${curve.date}, VIX ${formatNumber(payoff.vixClose, 1)}` : '';
  return (
    <>
      {curve ? (
        <form className="controls payoff-date" aria-label="Payoff date" onSubmit={(e) => e.preventDefault()}>
          <label>
            Date {payoff.date}
            <input
              type="range"
              aria-label="Date of the payoff curve"
              min={0}
              max={payoff.dateCurves.length - 1}
              step={1}
              value={dateIndex}
              onChange={(e) => setDateIndex(Number(e.target.value))}
            />
            {payoff.lastExpiry}
          </label>
          <output data-testid="payoff-date" aria-live="polite">
            P&amp;L against entry prices on <strong>{curve.date}</strong> ({curve.daysFromToday} calendar day{curve.daysFromToday === 1 ? '' : 's'} after {payoff.date}, VIX unchanged at {formatNumber(payoff.vixClose, 1)}):{' '}
            {atSpot >= 0 ? <>{formatUsd(curve.pnlUsd[atSpot])} at today&apos;s SPX {formatNumber(payoff.spxClose, 0)}</> : null}
          </output>
        </form>
      ) : null}
      <PayoffCurves payoff={payoff} breakEvens={breakEvens} theme={theme} curve={curve} curveName={curveName} />
      <p className="muted small">
        Every curve is P&amp;L against the entry prices, the scenario grid&apos;s reference. The thick dashed curve is the date chosen above ({curve?.date ?? payoff.date}), the market model carried forward
        with only time passing; “today” curves are {payoff.date} with VIX shifted; “at expiry” settles the SPX legs of {payoff.expiry} at intrinsic value.
      </p>
    </>
  );
}

function PayoffCurves({ payoff, breakEvens, theme, curve, curveName }: { payoff: BookPayoffResponse; breakEvens: readonly number[]; theme: Theme; curve: BookPayoffResponse['dateCurves'][number] | undefined; curveName: string }) {
  return (
    <EChart
      theme={theme}
      heightPx={380}
      label={`Book P&L against entry prices across SPX levels: on ${curve?.date ?? payoff.date}, at expiry and today at several VIX levels, USD`}
      deps={[payoff, breakEvens, curve]}
      option={(palette) => ({
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => formatUsd(typeof v === 'number' ? v : Number(v)),
          axisPointer: { type: 'cross', label: { formatter: (p) => (p.axisDimension === 'x' ? `SPX ${formatNumber(Number(p.value), 0)}` : formatUsd(Number(p.value))) } },
        },
        legend: { top: 0, type: 'scroll', textStyle: { color: palette.text } },
        grid: { left: 80, right: 24, bottom: 56, top: 48 },
        // The axis ends at the data's ends, -25 % and +15 % of the close, whose labels would print every digit of the level.
        // The ends of the range (the data's own, e.g. 2,165) would crowd the round ticks beside them.
        xAxis: { type: 'value', name: 'SPX level (index points)', nameLocation: 'middle', nameGap: 30, min: 'dataMin', max: 'dataMax', axisLabel: { color: palette.text, formatter: (level: number) => Math.round(level).toLocaleString('en-US'), showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { color: palette.grid } } },
        yAxis: { type: 'value', name: 'P&L vs entry (USD)', axisLabel: { color: palette.text, formatter: (v: number) => formatUsd(v) }, splitLine: { lineStyle: { color: palette.grid } } },
        series: [
          {
            type: 'line' as const,
            name: `at expiry ${payoff.expiry}`,
            showSymbol: false,
            lineStyle: { width: 2, color: palette.text },
            itemStyle: { color: palette.text },
            areaStyle: { opacity: 0.08 },
            data: payoff.spxLevels.map((spx, i) => [spx, payoff.expiryPnlUsd[i] ?? 0]),
            markLine: {
              symbol: 'none',
              label: { color: palette.text, formatter: (p: { name: string }) => p.name },
              data: [
                { name: `SPX ${formatNumber(payoff.spxClose, 0)}`, xAxis: payoff.spxClose, lineStyle: { color: palette.text, type: 'solid' as const } },
                // Today's SPX is named above the plot; a break-even, which may lie a few points from it,
                // along its own line at the foot of the plot, so that the two names never overlap.
                ...breakEvens.map((level) => ({
                  name: `break-even ${formatNumber(level, 0)}`,
                  xAxis: level,
                  lineStyle: { color: palette.negative, type: 'dashed' as const },
                  label: { position: 'insideStartTop' as const, color: palette.negative },
                })),
                { name: '', yAxis: 0, lineStyle: { color: palette.grid, type: 'dashed' as const } },
              ],
            },
          },
          ...(curve
            ? [
                {
                  type: 'line' as const,
                  name: curveName,
                  showSymbol: false,
                  // The page's text colour like the expiry curve it runs to, thick and dashed: the five
                  // series colours are the VIX levels' "today" curves.
                  lineStyle: { width: 3, color: palette.text, type: 'dashed' as const },
                  itemStyle: { color: palette.text },
                  z: 5,
                  data: payoff.spxLevels.map((spx, i) => [spx, curve.pnlUsd[i] ?? 0]),
                },
              ]
            : []),
          ...payoff.curves.map((curve, k) => ({
            type: 'line' as const,
            name: `today, VIX ${formatNumber(curve.vixLevel, 1)}${curve.vixShiftPoints === 0 ? '' : ` (${curve.vixShiftPoints > 0 ? '+' : ''}${curve.vixShiftPoints})`}`,
            showSymbol: false,
            lineStyle: { width: 1, color: palette.series[k % palette.series.length] ?? palette.text },
            itemStyle: { color: palette.series[k % palette.series.length] ?? palette.text },
            data: payoff.spxLevels.map((spx, i) => [spx, curve.todayPnlUsd[i] ?? 0]),
          })),
        ],
      })}
    />
  );
}

function BookRiskSections({ date, theme }: { date: string; theme: Theme }) {
  const risk = useApi<BookRiskResponse>(withQuery('/api/book/risk', { date }));
  const payoff = useApi<BookPayoffResponse>(withQuery('/api/book/payoff', { date }));
  return (
    <>
      <h2>Scenario grid (P&amp;L against entry prices, USD)</h2>
      <Load result={risk}>
        {(data) => (
          <>
            <p>
              Each cell: the book&apos;s P&amp;L against its entry prices if SPX and VIX moved at once on <strong>{data.date}</strong> (no time passing). On {data.date}: SPX {formatNumber(data.spxClose)}, VIX {formatNumber(data.vixClose)}, open P&amp;L {formatUsd(data.openPnlUsd)}. Break-even SPX levels:{' '}
              {data.breakEvenSpxLevels.length > 0 ? data.breakEvenSpxLevels.map((l) => formatNumber(l, 0)).join(', ') : 'none in range'}; break-even vol shifts:{' '}
              {data.breakEvenVolShiftPoints.length > 0 ? data.breakEvenVolShiftPoints.map((v) => `${formatNumber(v, 1)} pts`).join(', ') : 'none in range'}.
            </p>
            <ScenarioHeatMap risk={data} theme={theme} />
          </>
        )}
      </Load>
      <h2>Payoff at expiry and today (P&amp;L against entry prices, USD)</h2>
      <Load result={payoff}>{(data) => <PayoffChart payoff={data} breakEvens={risk.state === 'ready' ? risk.data.breakEvenSpxLevels : []} theme={theme} />}</Load>
    </>
  );
}

/**
 * The open positions with their marks and Greeks, and a close form per position. `closeBlockedBy` says
 * why no close can be taken from this view (it shows an earlier state than the book's latest, and a
 * close dated on its day would rewrite history): the forms are then disabled with that reason, rather
 * than offered only to be refused.
 */
function PositionsTable({ positions, date, onChanged, closeBlockedBy }: { positions: BookResponse['positions']; date: string | null; onChanged: (message: string) => void; closeBlockedBy: string | null }) {
  const [prices, setPrices] = useState<Readonly<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const close = async (id: string) => {
    setError(null);
    const text = prices[id];
    if (text === undefined || text === '' || !Number.isFinite(Number(text))) {
      setError(`enter the fill price of ${id} to close it`);
      return;
    }
    try {
      await sendJson('POST', `/api/book/positions/${encodeURIComponent(id)}/close`, { pricePoints: Number(text), ...(date ? { date } : {}) });
      onChanged(`Closed ${id} at ${text}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      {closeBlockedBy !== null ? <p className="muted small" data-testid="close-blocked">Closing is off in this view: {closeBlockedBy}.</p> : null}
      <div className="table-scroll" tabIndex={0}>
        <table aria-label="Positions">
          <caption>Positions (prices in index points; Greeks and P&amp;L in USD)</caption>
          <thead>
            <tr>
              <th scope="col">Position</th>
              <th scope="col">Group</th>
              <th scope="col">Expiry (DTE)</th>
              <th scope="col">Entry</th>
              <th scope="col">Mark</th>
              <th scope="col">Open P&amp;L</th>
              <th scope="col">Day P&amp;L</th>
              <th scope="col">Delta / pt</th>
              <th scope="col">Gamma / pt²</th>
              <th scope="col">Vega / vol pt</th>
              <th scope="col">Theta / day</th>
              <th scope="col">Close at</th>
            </tr>
          </thead>
          <tbody>
            {positions.map((p) => (
              <tr key={p.id}>
                <th scope="row" title={p.id}>{p.description}</th>
                <td>{p.group}</td>
                <td>{p.expiry} ({p.dteDays})</td>
                <td>{formatNumber(p.entryPricePoints)}</td>
                <td>{formatNumber(p.markPricePoints)}</td>
                <td className={p.openPnlUsd < 0 ? 'negative' : 'positive'}>{formatUsd(p.openPnlUsd)}</td>
                <td className={p.dayPnlUsd !== null && p.dayPnlUsd < 0 ? 'negative' : undefined}>{formatUsd(p.dayPnlUsd)}</td>
                <td>{formatUsd(p.deltaUsdPerPoint)}</td>
                <td>{formatUsd(p.gammaUsdPerPoint2)}</td>
                <td>{formatUsd(p.vegaUsdPerVolPoint)}</td>
                <td>{formatUsd(p.thetaUsdPerDay)}</td>
                <td>
                  <span className="inline">
                    <input type="number" step="any" min="0" inputMode="decimal" aria-label={`Close price of ${p.id}`} value={prices[p.id] ?? ''} placeholder={formatNumber(p.markPricePoints)} onChange={(e) => setPrices({ ...prices, [p.id]: e.target.value })} disabled={closeBlockedBy !== null} />
                    <button type="button" onClick={() => void close(p.id)} aria-label={`Close ${p.id}`} disabled={closeBlockedBy !== null} title={closeBlockedBy ?? undefined}>Close</button>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </>
  );
}

/** Index units held beside the options: an underlying leg's SPX units, layer 1's VIX-futures fund. */
function HoldingsTable({ holdings }: { holdings: BookResponse['holdings'] }) {
  return (
    <div className="table-scroll" tabIndex={0}>
      <table aria-label="Index holdings">
        <caption>Index holdings (levels in index points, 1 USD a point per unit; values and exposures in USD)</caption>
        <thead>
          <tr>
            <th scope="col">Holding</th>
            <th scope="col">Group</th>
            <th scope="col">Units</th>
            <th scope="col">Level (date)</th>
            <th scope="col">Value</th>
            <th scope="col">Delta / SPX pt</th>
            <th scope="col">VIX exposure / pt</th>
          </tr>
        </thead>
        <tbody>
          {holdings.map((h) => (
            <tr key={h.id}>
              <th scope="row" title={h.id}>{h.description}</th>
              <td>{h.group}</td>
              <td>{formatNumber(h.units)}</td>
              <td>
                {formatNumber(h.levelPoints)} ({h.levelDate ?? 'stored price: no price path to step'})
              </td>
              <td>{formatUsd(h.valueUsd)}</td>
              <td>{formatUsd(h.spxDeltaUsdPerPoint)}</td>
              <td>{formatUsd(h.vixExposureUsdPerPoint)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const emptyLeg = { group: 'condor-a', role: 'condor', leg: 'shortPut', type: 'put', strike: '', expiry: '', quantity: '', price: '', date: '' };

/**
 * Hand the book's positions to another strategy, as `alvh book switch` does: a bundled preset, or the
 * config file this server was started with (`alvh serve --strategy-config`). Nothing is traded.
 */
function SwitchStrategyForm({ onChanged }: { onChanged: (message: string) => void }) {
  const presets = useApi<PresetsResponse>('/api/presets');
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const server = presets.state === 'ready' ? presets.data.serverStrategy : null;
  // The server's own config first: the page's other views follow it.
  const options = presets.state === 'ready' ? [...(server ? [{ value: '', label: `${server.name} (this server's --strategy-config)` }] : []), ...presets.data.presets.map((p) => ({ value: p.name, label: p.name }))] : [];
  const selected = choice ?? options[0]?.value ?? '';
  const submit = async () => {
    setError(null);
    try {
      const r = await sendJson<BookSwitchResponse>('POST', '/api/book/switch', selected === '' ? {} : { preset: selected });
      onChanged(`Switched the book from '${r.body.from.name}' to '${r.body.to.name}' as of ${r.body.date} (state #${r.body.stateId}): the positions stay as they are, and the next signal follows '${r.body.to.name}'; ${switchRulesText(r.body.rulesThatChange)}.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details>
      <summary>Switch the book to another strategy</summary>
      <form
        className="controls"
        aria-label="Switch strategy"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Strategy
          <select name="strategy" value={selected} onChange={(e) => setChoice(e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={options.length === 0}>
          Switch
        </button>
      </form>
      <p className="muted small">The positions stay as they are and nothing is traded; the new strategy's rules manage them from the next signal.</p>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </details>
  );
}

/** One leg opened by hand, as `alvh book add` takes it. */
function AddPositionForm({ onChanged }: { onChanged: (message: string) => void }) {
  const [leg, setLeg] = useState(emptyLeg);
  const [error, setError] = useState<string | null>(null);
  const set = (field: keyof typeof emptyLeg) => (e: { target: { value: string } }) => setLeg({ ...leg, [field]: e.target.value });
  const submit = async () => {
    setError(null);
    const position: UserPosition = {
      group: leg.group,
      role: leg.role as UserPosition['role'],
      leg: leg.leg,
      type: leg.type as UserPosition['type'],
      expiry: leg.expiry,
      settlement: 'AM',
      quantity: Number(leg.quantity),
      pricePoints: Number(leg.price),
      ...(leg.strike !== '' ? { strike: Number(leg.strike) } : {}),
      ...(leg.date !== '' ? { date: leg.date } : {}),
    };
    try {
      const r = await sendJson<BookEditResponse>('POST', '/api/book/positions', { positions: [position] });
      onChanged(`Added ${r.body.positionIds.join(', ')} (state #${r.body.stateId}).`);
      setLeg({ ...leg, strike: '', quantity: '', price: '' });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details>
      <summary>Add a position</summary>
      <form
        className="controls"
        aria-label="Add a position"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>Group <input name="group" value={leg.group} onChange={set('group')} required size={10} /></label>
        <label>
          Role
          <select name="role" value={leg.role} onChange={set('role')}>
            <option value="condor">condor</option>
            <option value="hedge">hedge</option>
          </select>
        </label>
        <label>Leg <input name="leg" value={leg.leg} onChange={set('leg')} required size={10} /></label>
        <label>
          Type
          <select name="type" value={leg.type} onChange={set('type')}>
            <option value="put">put</option>
            <option value="call">call</option>
            <option value="future">future</option>
          </select>
        </label>
        <label>Strike <input name="strike" type="number" step="any" value={leg.strike} onChange={set('strike')} size={7} /></label>
        <label>Expiry <input name="expiry" type="date" value={leg.expiry} onChange={set('expiry')} required /></label>
        <label>Contracts (+ bought, − sold) <input name="quantity" type="number" step="1" value={leg.quantity} onChange={set('quantity')} required size={5} /></label>
        <label>Price (points) <input name="price" type="number" step="any" min="0" value={leg.price} onChange={set('price')} required size={7} /></label>
        <label>Fill date <input name="date" type="date" value={leg.date} onChange={set('date')} /></label>
        <button type="submit">Add position</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
    </details>
  );
}

/** The strategy the book follows, where its config came from, and whether the state shown was made under another config (as `alvh book list` says it). */
function StrategyLine({ strategy }: { strategy: BookResponse['strategy'] }) {
  const from = strategy.source === 'config kept in the book' ? 'the config the book keeps' : strategy.source === 'config file' ? `the config file${strategy.file === undefined ? ' the server was started with' : ` ${strategy.file}`}` : 'bundled preset';
  const other = strategy.stateStrategy === null || strategy.stateConfigSha256 === null ? '' : stateRulesNote(strategy.stateStrategy, { name: strategy.name, stateConfigHash: strategy.stateConfigSha256 }, strategy.rulesChangedSinceState);
  return (
    <p className="muted" data-testid="book-strategy">
      Strategy: <code>{strategy.name}</code> ({from}, config sha256 {strategy.configSha256.slice(0, 12)}{other}){strategy.source === 'bundled preset' || strategy.description === '' ? '' : `: ${strategy.description}`}
    </p>
  );
}

/**
 * A book state dated after the marked day (a fill recorded on a day the model's data does not reach
 * yet, or an earlier day picked above): the marks are of the state in force at that day's close, and
 * the banner says which state they leave out and why.
 */
function LaterStateBanner({ note }: { note: string }) {
  return (
    <div className="banner" role="alert" data-testid="later-state-banner">
      {note}
    </div>
  );
}

export function BookPage({ theme }: { theme: Theme }) {
  const [date, setDate] = useState('');
  const [reload, setReload] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const book = useApi<BookResponse>(withQuery('/api/book', { date }), reload);
  const changed = (text: string) => {
    setMessage(text);
    setReload((n) => n + 1);
  };
  return (
    <>
      <DateControl date={date} onChange={setDate} />
      {message ? <p role="status" className="positive">{message}</p> : null}
      <AddPositionForm onChanged={changed} />
      <BrokerImport onChanged={changed} />
      <SwitchStrategyForm onChanged={changed} />
      <Load result={book}>
        {(data) => (
          <>
            <StrategyLine strategy={data.strategy} />
            {data.positions.length === 0 && data.holdings.length === 0 ? (
              data.laterState ? (
                <LaterStateBanner note={`The book held nothing at the close of ${data.date ?? '–'}: ${data.laterState.note}.`} />
              ) : (
                <p>The book is empty. Add a position above, import your broker's file, or accept a day's signal on the Today page.</p>
              )
            ) : (
              <>
                {data.laterState ? <LaterStateBanner note={`${data.laterState.note[0]?.toUpperCase() ?? ''}${data.laterState.note.slice(1)}.`} /> : null}
                <p className="muted">
                  Marks of {data.date ?? '–'}; book state {data.stateId ?? '–'} stepped to {data.bookDay ?? '–'}.
                  {data.greeks ? ` Equity ${formatUsd(data.greeks.equityUsd)}, hedge ratio ${formatHedgeRatio(data.greeks.hedgeRatio)}.` : ''}
                </p>
                <PositionsTable
                  positions={data.positions}
                  date={date === '' ? null : date}
                  onChanged={changed}
                  closeBlockedBy={data.laterState ? `a close is dated on the day shown, before book state #${data.laterState.id} of ${data.laterState.day}` : null}
                />
                {data.holdings.length > 0 ? <HoldingsTable holdings={data.holdings} /> : null}
                {data.greeks ? <RecordTable rows={[data.greeks]} caption="Book Greeks" /> : null}
                <BookRiskSections key={reload} date={date} theme={theme} />
              </>
            )}
          </>
        )}
      </Load>
    </>
  );
}

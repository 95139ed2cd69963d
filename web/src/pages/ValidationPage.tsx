import { useEffect, useState } from 'react';
import { sendJson } from '../api/client.js';
import { useApi } from '../api/useApi.js';
import type { ValidationChart, ValidationResponse } from '../api/types.js';
import { Load } from '../components/Status.js';
import { FieldTable, RecordTable, ScrollTable } from '../components/Tables.js';
import { modelColumnLabel } from '../format.js';
import { collectTargets, targetsAcrossModels, targetTable, type TargetTable, type TargetTableRow, type TargetsAcrossModels } from '../validationSummary.js';

/** While the server runs the validation (about a minute), ask again at this interval. */
const validationPollMs = 5000;

const isRecordArray = (value: unknown): value is Array<Record<string, unknown>> =>
  Array.isArray(value) && value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));

/** A section's figures: tables for lists of records, a field table for the remaining scalars. */
function Figures({ value, depth }: { value: unknown; depth: number }) {
  if (isRecordArray(value)) return <RecordList rows={value} depth={depth} />;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 2) return <FieldTable value={value} />;
  const entries = Object.entries(value);
  const scalars = Object.fromEntries(entries.filter(([, v]) => !isRecordArray(v) && (v === null || typeof v !== 'object' || Array.isArray(v))));
  const nested = entries.filter(([, v]) => isRecordArray(v) || (v !== null && typeof v === 'object' && !Array.isArray(v)));
  return (
    <>
      {Object.keys(scalars).length > 0 ? <FieldTable value={scalars} /> : null}
      {nested.map(([key, v]) => (
        <details key={key} open={depth === 0}>
          <summary>{key}</summary>
          <Figures value={v} depth={depth + 1} />
        </details>
      ))}
    </>
  );
}

/**
 * Records as one table of their flat fields; a field that is itself a list of records (a set's
 * buckets, a run's days) opens below the table, one folded block per row, named by the row's first text.
 */
function RecordList({ rows, depth }: { rows: Array<Record<string, unknown>>; depth: number }) {
  const nestedKeys = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => isRecordArray(row[k]))))];
  const flatRows = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !nestedKeys.includes(k))));
  return (
    <>
      <RecordTable rows={flatRows} />
      {nestedKeys.length > 0
        ? rows.map((row, i) => {
            const name = Object.values(row).find((v) => typeof v === 'string') ?? `#${i + 1}`;
            return nestedKeys
              .filter((key) => isRecordArray(row[key]))
              .map((key) => (
                <details key={`${i}-${key}`}>
                  <summary>
                    {key} of {String(name)}
                  </summary>
                  <Figures value={row[key]} depth={depth + 1} />
                </details>
              ));
          })
        : null}
    </>
  );
}

interface ValidationReport {
  readonly title?: string;
  readonly facts?: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly sections?: ReadonlyArray<{ readonly id: string; readonly title: string; readonly data: unknown }>;
}

/**
 * The market model's target table as a verdict: how many targets were met, missed and not measured,
 * then each row's target beside the figure measured.
 */
function TargetTableSummary({ table }: { table: TargetTable }) {
  return (
    <section aria-labelledby="validation-targets">
      <h2 id="validation-targets">
        Targets of the market model: {table.met} met, {table.missed} missed{table.notMeasured > 0 ? `, ${table.notMeasured} not measured` : ''}
      </h2>
      <div className="verdict-bar" role="img" aria-label={`${table.met} of ${table.rows.length} targets met`}>
        {table.rows.map((r) => (
          <span key={r.id} className={`verdict-cell verdict-${r.verdict.replace(' ', '-')}`} title={`${r.what}: ${r.verdict}`} />
        ))}
      </div>
      <ScrollTable columns={['Verdict', 'What', 'Target', 'Measured']} label="Targets met and missed">
        {table.rows.map((r) => (
          <tr key={r.id}>
            <td className={verdictClass(r.verdict)}>{r.verdict}</td>
            <td>{r.what}</td>
            <td>{r.target}</td>
            <td>{r.figure}</td>
          </tr>
        ))}
      </ScrollTable>
    </section>
  );
}

/** A target's verdict as the tables colour it. */
const verdictClass = (verdict: TargetTableRow['verdict']): string => (verdict === 'met' ? 'verdict-holds' : verdict === 'missed' ? 'verdict-fails' : 'muted');

/**
 * The exam on every bundled market model: each target's verdict by model (its figure on hover and
 * below), and how many each meets. The first column is the report's own model.
 */
function AcrossModelsTargets({ table }: { table: TargetsAcrossModels }) {
  return (
    <section aria-labelledby="validation-across-models" data-testid="validation-across-models">
      <h2 id="validation-across-models">The targets on other market models</h2>
      <p className="muted small">The same exam on each bundled model config (presets/model); the first column is this report&apos;s model. No model config was fitted on the held-out rows.</p>
      <div className="table-scroll whole" tabIndex={0}>
        <table aria-label="Targets met by market model">
          <thead>
            <tr>
              <th scope="col">Target</th>
              {table.models.map((m) => (
                <th scope="col" key={m}>{modelColumnLabel(m)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.what}</th>
                {r.byModel.map((cell, i) => (
                  <td key={table.models[i] ?? i} title={cell.figure} className={verdictClass(cell.verdict)}>
                    {cell.verdict}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">targets met</th>
              {table.metByModel.map((n, i) => (
                <td key={table.models[i] ?? i}>
                  {n} of {table.rows.length}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <details>
        <summary>Each target&apos;s figure by model</summary>
        <ul className="reasons">
          {table.rows.map((r) => (
            <li key={r.id}>
              <strong>{r.what}</strong> ({r.target}): {r.byModel.map((cell, i) => `${modelColumnLabel(table.models[i] ?? '')} ${cell.figure}`).join('; ')}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** The SVG charts `alvh validate` wrote for a section, as images (an image runs no script). */
function SectionCharts({ charts }: { charts: readonly ValidationChart[] }) {
  if (charts.length === 0) return null;
  return (
    <div className="validation-charts">
      {charts.map((chart) => (
        <figure key={chart.id} className="validation-chart" data-chart={`${chart.sectionId}-${chart.id}`}>
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(chart.svg)}`} alt={chart.title} />
          <figcaption className="small">{chart.title}</figcaption>
        </figure>
      ))}
    </div>
  );
}

/** Met and missed first: every target the report states, with where it is, before the figures. */
function TargetSummary({ report }: { report: unknown }) {
  const table = targetTable(report);
  if (table !== undefined) return <TargetTableSummary table={table} />;
  const rows = collectTargets(report);
  if (rows.length === 0) return <p className="muted">The report states no targets.</p>;
  const missed = rows.filter((r) => !r.met).length;
  return (
    <section aria-labelledby="validation-targets">
      <h2 id="validation-targets">
        Targets: {rows.length - missed} met, {missed} missed
      </h2>
      <div className="table-scroll" tabIndex={0}>
        <table aria-label="Targets met and missed">
          <thead>
            <tr>
              <th scope="col">Verdict</th>
              <th scope="col">Target</th>
              <th scope="col">Where in the report</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td className={r.met ? 'verdict-holds' : 'verdict-fails'}>{r.met ? 'met' : 'missed'}</td>
                <td>{r.target}</td>
                <td className="small">{r.where}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ValidationPage() {
  const [attempt, setAttempt] = useState(0);
  const result = useApi<ValidationResponse>('/api/validation', attempt);
  const running = result.state === 'ready' && result.data.status === 'running';
  const idle = result.state === 'ready' && result.data.status === 'idle';
  const [startError, setStartError] = useState<string | null>(null);
  const start = (acrossModels = false) => {
    setStartError(null);
    sendJson('POST', '/api/validation', acrossModels ? { acrossModels: true } : undefined).then(
      () => setAttempt((n) => n + 1),
      (error: unknown) => setStartError(error instanceof Error ? error.message : String(error)),
    );
  };
  // Opening the page asks for the report: reading it starts nothing on the server, so the page starts it.
  useEffect(() => {
    if (idle) start();
  }, [idle]);
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), validationPollMs);
    return () => clearTimeout(timer);
  }, [running, attempt]);
  return (
    <Load result={result}>
      {(data) => {
        if (startError !== null) return <p className="error" role="alert">{startError}</p>;
        if (data.status === 'idle') return <p role="status">Starting the validation on the server…</p>;
        if (data.status === 'running')
          return (
            <p role="status">
              The validation is running on the server{data.acrossModels ? ' on every bundled market model (a minute or two)' : ''} (started {data.startedAt}); this page updates when it is ready.
            </p>
          );
        if (data.status === 'error')
          return (
            <>
              <p className="error" role="alert">{data.message}</p>
              <button type="button" onClick={() => start()}>Run the validation again</button>
            </>
          );
        const report = data.report as ValidationReport;
        // The target table is the summary above; the other sections show their charts, then their figures folded.
        const across = targetsAcrossModels(data.report);
        const sections = (report.sections ?? []).filter((section) => section.id !== 'targets' && section.id !== 'targets-across-models');
        return (
          <>
            <div className="controls">
              <button type="button" onClick={() => start()}>Recompute the report</button>
              <button type="button" onClick={() => start(true)} title="The same exam on every bundled market model config (presets/model), as alvh validate --across-models: a few minutes">
                Run the exam on every market model
              </button>
            </div>
            <TargetSummary report={data.report} />
            {across !== undefined ? <AcrossModelsTargets table={across} /> : null}
            {report.title ? <p><strong>{report.title}</strong></p> : null}
            {report.facts ? <RecordTable rows={report.facts} caption="Facts" /> : null}
            <p className="muted small">{data.charts.length} chart(s) in {sections.length} section(s).</p>
            {sections.map((section) => (
              <section key={section.id} aria-labelledby={`validation-${section.id}`}>
                <h2 id={`validation-${section.id}`}>{section.title}</h2>
                <SectionCharts charts={data.charts.filter((c) => c.sectionId === section.id)} />
                <details>
                  <summary>Figures of this section</summary>
                  <Figures value={section.data} depth={0} />
                </details>
              </section>
            ))}
          </>
        );
      }}
    </Load>
  );
}

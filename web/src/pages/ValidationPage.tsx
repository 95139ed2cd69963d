import { useEffect, useState } from 'react';
import { useApi } from '../api/useApi.js';
import type { ValidationResponse } from '../api/types.js';
import { Load } from '../components/Status.js';
import { FieldTable, RecordTable } from '../components/Tables.js';

/** While the server runs the validation (about a minute), ask again at this interval. */
const validationPollMs = 5000;

const isRecordArray = (value: unknown): value is Array<Record<string, unknown>> =>
  Array.isArray(value) && value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));

/** A section's figures: tables for lists of records, a field table for the remaining scalars. */
function Figures({ value, depth }: { value: unknown; depth: number }) {
  if (isRecordArray(value)) return <RecordTable rows={value} />;
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

interface ValidationReport {
  readonly title?: string;
  readonly facts?: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly sections?: ReadonlyArray<{ readonly id: string; readonly title: string; readonly data: unknown }>;
}

export function ValidationPage() {
  const [attempt, setAttempt] = useState(0);
  const result = useApi<ValidationResponse>('/api/validation', attempt);
  const running = result.state === 'ready' && result.data.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), validationPollMs);
    return () => clearTimeout(timer);
  }, [running, attempt]);
  return (
    <Load result={result}>
      {(data) => {
        if (data.status === 'running') return <p role="status">The validation is running on the server (started {data.startedAt}); this page updates when it is ready.</p>;
        if (data.status === 'error') return <p className="error" role="alert">{data.message}</p>;
        const report = data.report as ValidationReport;
        return (
          <>
            {report.title ? <p><strong>{report.title}</strong></p> : null}
            {report.facts ? <RecordTable rows={report.facts} caption="Facts" /> : null}
            {(report.sections ?? []).map((section) => (
              <section key={section.id} aria-labelledby={`validation-${section.id}`}>
                <h2 id={`validation-${section.id}`}>{section.title}</h2>
                <Figures value={section.data} depth={0} />
              </section>
            ))}
          </>
        );
      }}
    </Load>
  );
}

import { useState } from 'react';
import { sendJson } from '../api/client.js';
import type { BrokerImportResponse } from '../api/types.js';

const formats = [
  { value: 'ibkr-flex', label: 'Interactive Brokers (Flex Query, Trades, CSV)' },
  { value: 'tastytrade', label: 'tastytrade (transaction history CSV)' },
  { value: 'schwab', label: 'Schwab (transaction history CSV)' },
  { value: 'thinkorswim', label: 'thinkorswim (Account Statement CSV)' },
] as const;

/**
 * A broker's trade file into the book: read in the browser, reconciled on the server (what is new,
 * what the book already has, what the file lacks), and written only when the user confirms.
 */
export function BrokerImport({ onChanged }: { onChanged: (message: string) => void }) {
  const [format, setFormat] = useState<string>('ibkr-flex');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [plan, setPlan] = useState<BrokerImportResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (commit: boolean) => {
    if (!file) return;
    setError(null);
    try {
      const r = await sendJson<BrokerImportResponse>('POST', '/api/book/import', { format, fileName: file.name, text: file.text, commit });
      if (commit) {
        setPlan(null);
        setFile(null);
        onChanged(r.body.positionIds.length > 0 ? `Imported ${r.body.positionIds.length} position(s) from ${file.name} (state #${r.body.stateId ?? '–'}).` : `Nothing new in ${file.name}.`);
      } else setPlan(r.body);
    } catch (e) {
      setPlan(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const newGroups = plan?.groups.filter((g) => g.status === 'new').length ?? 0;
  return (
    <details>
      <summary>Import a broker's file</summary>
      <form className="controls" aria-label="Import a broker's file" onSubmit={(e) => e.preventDefault()}>
        <label>
          Broker
          <select name="format" value={format} onChange={(e) => { setFormat(e.target.value); setPlan(null); }}>
            {formats.map((f) => (
              <option key={f.value} value={f.value}>{f.label}</option>
            ))}
          </select>
        </label>
        <label>
          File
          <input
            type="file"
            name="broker-file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              setPlan(null);
              if (!chosen) return setFile(null);
              void chosen.text().then((text) => setFile({ name: chosen.name, text }));
            }}
          />
        </label>
        <button type="button" disabled={!file} onClick={() => void send(false)}>Check against the book</button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {plan ? (
        <section aria-label="Reconciliation">
          <ul className="reasons">
            {plan.summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <button type="button" disabled={newGroups === 0} onClick={() => void send(true)}>
            {newGroups === 0 ? 'Nothing new to import' : `Import ${newGroups} new group(s)`}
          </button>
        </section>
      ) : null}
    </details>
  );
}

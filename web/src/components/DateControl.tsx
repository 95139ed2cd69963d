/** The day a page shows: empty means the latest day with data. */
export function DateControl({ date, onChange, hint = 'Empty: the latest day with data.' }: { date: string; onChange: (date: string) => void; hint?: string }) {
  return (
    <form className="controls" onSubmit={(e) => e.preventDefault()}>
      <label>
        Date <input type="date" value={date} onChange={(e) => onChange(e.target.value)} />
      </label>
      <span className="muted small">{hint}</span>
    </form>
  );
}

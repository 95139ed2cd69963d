/**
 * A form for every field of the strategy config, built from its JSON Schema (served by the server from
 * the zod schema it validates with): grouped by section, each field with its default, its bounds and a
 * reset, and the server's reason beside the field it names. The form keeps no rules of its own.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { boundsText, defaultText, fieldKind, issueFor, jsonInput, numberInput, valueAt, withValueAt, type SchemaNode } from '../configForm.js';

export type ConfigValue = Readonly<Record<string, unknown>>;

interface FieldProps {
  readonly path: string;
  readonly name: string;
  readonly node: SchemaNode;
  readonly value: ConfigValue;
  readonly onChange: (next: ConfigValue) => void;
  readonly issues: ReadonlyMap<string, readonly string[]>;
}

/** A list or a choice of shapes, as JSON text: the text is kept while it does not parse. */
function JsonField({ path, current, onValue, invalid }: { path: string; current: unknown; onValue: (v: unknown) => void; invalid: boolean }) {
  const serialised = current === undefined ? '' : JSON.stringify(current);
  const [text, setText] = useState(serialised);
  const [parseError, setParseError] = useState<string | null>(null);
  // A reset or a preset loaded from outside replaces the text.
  useEffect(() => {
    setText(serialised);
    setParseError(null);
  }, [serialised]);
  return (
    <>
      <textarea
        aria-label={path}
        rows={Math.min(6, Math.max(1, Math.ceil(text.length / 60)))}
        value={text}
        aria-invalid={invalid || parseError !== null}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = jsonInput(e.target.value);
          if (parsed.ok) {
            setParseError(null);
            onValue(parsed.value);
          } else setParseError(parsed.message);
        }}
      />
      {parseError ? <span className="error small" role="alert">{parseError}</span> : null}
    </>
  );
}

function Field({ path, name, node, value, onChange, issues }: FieldProps) {
  const kind = fieldKind(node);
  if (kind === 'group') {
    const groupIssue = issueFor(issues, path, kind);
    return (
      <fieldset className="config-group">
        <legend>{name}</legend>
        {groupIssue ? <span className="error small field-issue" role="alert">{groupIssue}</span> : null}
        {Object.entries(node.properties ?? {}).map(([key, child]) => (
          <Field key={key} path={`${path}.${key}`} name={key} node={child} value={value} onChange={onChange} issues={issues} />
        ))}
      </fieldset>
    );
  }
  const current = valueAt(value, path);
  const set = (v: unknown) => onChange(withValueAt(value, path, v));
  const issue = issueFor(issues, path, kind);
  const bounds = boundsText(node);
  const hasDefault = node.default !== undefined;
  let input: ReactNode;
  switch (kind) {
    case 'number':
    case 'integer':
      input = <input type="number" aria-label={path} step="any" value={current === undefined ? '' : String(current as number | string)} aria-invalid={issue !== undefined} onChange={(e) => set(numberInput(e.target.value))} />;
      break;
    case 'boolean':
      input = <input type="checkbox" aria-label={path} checked={current === true} aria-invalid={issue !== undefined} onChange={(e) => set(e.target.checked)} />;
      break;
    case 'enum':
      input = (
        <select aria-label={path} value={String(current ?? '')} aria-invalid={issue !== undefined} onChange={(e) => set(e.target.value)}>
          {(node.enum ?? []).map((option) => (
            <option key={String(option)} value={String(option)}>{String(option)}</option>
          ))}
        </select>
      );
      break;
    case 'string':
      input = <input type="text" aria-label={path} value={typeof current === 'string' ? current : ''} aria-invalid={issue !== undefined} onChange={(e) => set(e.target.value)} />;
      break;
    default:
      input = <JsonField path={path} current={current} onValue={set} invalid={issue !== undefined} />;
  }
  return (
    <div className={`config-field${issue ? ' invalid' : ''}`} data-path={path}>
      <span className="config-name" title={path}>{name}</span>
      {input}
      <span className="muted small">
        {hasDefault ? `default ${defaultText(node.default)}` : 'required'}
        {bounds ? ` · ${bounds}` : ''}
      </span>
      {hasDefault ? (
        <button type="button" className="small" aria-label={`Reset ${path}`} title="Back to the default" disabled={JSON.stringify(current) === JSON.stringify(node.default)} onClick={() => set(node.default)}>
          Reset
        </button>
      ) : null}
      {issue ? <span className="error small field-issue" role="alert">{issue}</span> : null}
    </div>
  );
}

export interface ConfigEditorProps {
  readonly schema: SchemaNode;
  readonly value: ConfigValue;
  readonly onChange: (next: ConfigValue) => void;
  /** The server's reasons for this config, by the field's path inside it. */
  readonly issues: ReadonlyMap<string, readonly string[]>;
}

/** Top-level scalars first as "general", then one section per object of the config. */
export function ConfigEditor({ schema, value, onChange, issues }: ConfigEditorProps) {
  const entries = Object.entries(schema.properties ?? {});
  const general = entries.filter(([, n]) => fieldKind(n) !== 'group');
  const sections = entries.filter(([, n]) => fieldKind(n) === 'group');
  const rootIssue = issues.get('');
  return (
    <div className="config-editor">
      {rootIssue ? <p className="error" role="alert">{rootIssue.join('; ')}</p> : null}
      <details open>
        <summary>general</summary>
        {general.map(([key, n]) => (
          <Field key={key} path={key} name={key} node={n} value={value} onChange={onChange} issues={issues} />
        ))}
      </details>
      {sections.map(([key, n]) => {
        const inSection = [...issues.keys()].some((p) => p === key || p.startsWith(`${key}.`));
        return (
          // A section with an issue opens so its reason is seen.
          <details key={key} open={inSection || undefined}>
            <summary>
              {key}
              {inSection ? <span className="error small"> (see the reasons below)</span> : null}
            </summary>
            {Object.entries(n.properties ?? {}).map(([child, cn]) => (
              <Field key={child} path={`${key}.${child}`} name={child} node={cn} value={value} onChange={onChange} issues={issues} />
            ))}
          </details>
        );
      })}
    </div>
  );
}

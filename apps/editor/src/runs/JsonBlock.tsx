import { defaultStyles, JsonView } from 'react-json-view-lite';
import 'react-json-view-lite/dist/index.css';

const expandTwoLevels = (level: number) => level < 2;

/** JSON in a collapsible tree (react-json-view-lite); plain text stays text. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return <pre className="json-text" aria-label={label}>{String(value)}</pre>;
  return (
    <div className="json-block" aria-label={label}>
      <JsonView data={value as object} shouldExpandNode={expandTwoLevels} style={defaultStyles} />
    </div>
  );
}

/**
 * RFC 4180 CSV for data tables: quoted fields with "" escapes, CRLF or LF line ends, a BOM ignored.
 * Export prefixes a cell starting with = + - @ with ' so a spreadsheet never runs it (the same guard
 * as the other exports); import removes exactly that prefix again, so export → import is lossless.
 */
export interface CsvError { line: number; message: string }

export function parseCsv(text: string): { rows: string[][]; error: CsvError | null } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStart = true;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
      continue;
    }
    if (c === '"' && fieldStart) { quoted = true; fieldStart = false; continue; }
    if (c === '"') return { rows, error: { line, message: 'a quote inside an unquoted field (quote the whole field and double the quote)' } };
    if (c === ',') { row.push(field); field = ''; fieldStart = true; continue; }
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r') {
      row.push(field); rows.push(row); row = []; field = ''; fieldStart = true; line++;
      continue;
    }
    field += c;
    fieldStart = false;
  }
  if (quoted) return { rows, error: { line, message: 'a quoted field is never closed' } };
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return { rows: rows.filter((r) => !(r.length === 1 && r[0] === '')), error: null };
}

/** Removes the export's formula guard. */
export function importCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

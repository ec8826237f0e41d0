import { describe, expect, it } from 'vitest';
import { csvCell } from '../common/csv-cell';
import { importCell, parseCsv } from './csv';

describe('data table CSV', () => {
  it('reads quoted fields, doubled quotes, line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\ufeffzip,city,note\r\n10001,"New York, NY","say ""hi""\nthere"\r\n94105,SF,\n';
    expect(parseCsv(text)).toEqual({ rows: [['zip', 'city', 'note'], ['10001', 'New York, NY', 'say "hi"\nthere'], ['94105', 'SF', '']], error: null });
  });

  it('says on which line a field is broken', () => {
    expect(parseCsv('a,b\n1,x"y\n').error).toEqual({ line: 2, message: expect.stringContaining('quote inside an unquoted field') });
    expect(parseCsv('a,b\n1,"open\n2,3\n').error).toMatchObject({ message: 'a quoted field is never closed' });
  });

  it('round-trips the export guard against spreadsheet formulas', () => {
    for (const value of ['=SUM(A1)', '-5', '@home', 'plain', '+447700900123']) {
      const cell = csvCell(value);
      const [[read]] = parseCsv(`${cell}\n`).rows as [[string]];
      expect(importCell(read)).toBe(value);
    }
  });
});

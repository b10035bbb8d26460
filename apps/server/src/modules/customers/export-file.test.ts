import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { EXPORT_CONTENT_TYPES, safeCell, writeExport, type ExportColumn } from './export-file.js';

const COLUMNS: ExportColumn[] = [
  { key: 'code', header: '客户编号' },
  { key: 'name', header: '客户名称' },
  { key: 'phones', header: '电话' },
  { key: 'creditLimit', header: '信用额度' },
  { key: 'notes', header: '备注' },
];

const ROWS: Record<string, unknown>[] = [
  { code: 'C000001', name: '上海华为技术有限公司', phones: ['+8613800138000', '021-12345678'], creditLimit: 50000, notes: '=1+1' },
  { code: 'C000002', name: '張三', phones: [], creditLimit: null, notes: 'line one\nline "two"' },
];

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** Runs an export into memory and gives back the bytes and the row count. */
async function exportToBuffer(format: 'csv' | 'xlsx', rows = ROWS): Promise<{ bytes: Buffer; count: number }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const count = await writeExport(from(rows), COLUMNS, format, out);
  await ended;
  return { bytes: Buffer.concat(chunks), count };
}

describe('safeCell', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'])('neutralises %j with a leading apostrophe', (text) => {
    expect(safeCell(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text, numbers and empties alone', () => {
    expect(safeCell('上海')).toBe('上海');
    expect(safeCell('a=b')).toBe('a=b');
    expect(safeCell(-12.5)).toBe(-12.5);
    expect(safeCell(0)).toBe(0);
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeNull();
  });

  it('joins arrays with "; " and neutralises the result', () => {
    expect(safeCell(['VIP', '华东'])).toBe('VIP; 华东');
    expect(safeCell(['=A1', 'x'])).toBe("'=A1; x");
  });
});

describe('writeExport', () => {
  it('writes CSV as UTF-8 with a byte order mark and CRLF, neutralising formulas', async () => {
    const { bytes, count } = await exportToBuffer('csv');
    expect(count).toBe(2);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      [
        '客户编号,客户名称,电话,信用额度,备注',
        "C000001,上海华为技术有限公司,'+8613800138000; 021-12345678,50000,'=1+1",
        'C000002,張三,,,"line one\nline ""two"""',
        '',
      ].join('\r\n'),
    );
  });

  it('writes xlsx that reads back with a bold, frozen header and the values as they were', async () => {
    const { bytes, count } = await exportToBuffer('xlsx');
    expect(count).toBe(2);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(1).values).toEqual([undefined, '客户编号', '客户名称', '电话', '信用额度', '备注']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'C000001', '上海华为技术有限公司', '+8613800138000; 021-12345678', 50000, '=1+1']);
    expect(sheet.getRow(2).getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(2).value).toBe('張三');
    expect(sheet.getColumn(2).width).toBe(10 * 2 + 2); // ten CJK characters, two wide each, plus a margin
    expect(sheet.getColumn(4).width).toBe(10);
  });

  it('writes just the header when there are no rows', async () => {
    const { bytes, count } = await exportToBuffer('csv', []);
    expect(count).toBe(0);
    expect(bytes.subarray(3).toString('utf8')).toBe('客户编号,客户名称,电话,信用额度,备注\r\n');
  });

  it('fails and destroys the output when the rows fail', async () => {
    async function* failing(): AsyncGenerator<Record<string, unknown>> {
      yield await Promise.resolve(ROWS[0]!);
      throw new Error('database went away');
    }
    for (const format of ['csv', 'xlsx'] as const) {
      const out = new PassThrough();
      out.resume();
      await expect(writeExport(failing(), COLUMNS, format, out)).rejects.toThrow('database went away');
      expect(out.destroyed).toBe(true);
    }
  });

  it.each(['csv', 'xlsx'] as const)('stops and releases the rows when the client goes away (%s)', async (format) => {
    const out = new PassThrough();
    out.resume();
    let released = false;
    async function* endless(): AsyncGenerator<Record<string, unknown>> {
      try {
        for (let i = 0; ; i++) {
          if (i === 5000) out.destroy();
          yield await Promise.resolve({ code: `C${i}`, name: '客户' });
        }
      } finally {
        released = true;
      }
    }
    await expect(writeExport(endless(), COLUMNS, format, out)).rejects.toThrow();
    expect(released).toBe(true);
  });

  it('keeps xlsx compression in step with the rows rather than buffering the sheet', async () => {
    const out = new PassThrough();
    let received = 0;
    out.on('data', (chunk: Buffer) => (received += chunk.length));
    let receivedAtTwoThirds = 0;
    async function* wideRows(): AsyncGenerator<Record<string, unknown>> {
      for (let i = 0; i < 30_000; i++) {
        if (i === 20_000) receivedAtTwoThirds = received;
        yield await Promise.resolve({ code: `C${i}`, notes: `${i} ${'备注'.repeat(1000)}` });
      }
    }
    await writeExport(wideRows(), COLUMNS, 'xlsx', out);
    // Without the pause, compression starves until the last row and almost nothing is out by now.
    expect(receivedAtTwoThirds).toBeGreaterThan(received / 3);
  });

  it('names the content types', () => {
    expect(EXPORT_CONTENT_TYPES.csv).toBe('text/csv; charset=utf-8');
    expect(EXPORT_CONTENT_TYPES.xlsx).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});

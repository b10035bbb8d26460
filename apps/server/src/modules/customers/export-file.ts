import { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/**
 * Writing customer exports (CUST-6) as files Excel opens correctly, streamed row by row so that a
 * million customers cost no more memory than a hundred.
 */

export type ExportFormat = 'csv' | 'xlsx';
export type ExportColumn = { key: string; header: string };

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What a spreadsheet would run as a formula (or, for tab and CR, treat as a cell break that hides one). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A value as one spreadsheet cell, safe from formula injection: text beginning with = + - @,
 * tab or CR gets a leading apostrophe, so a name like `=HYPERLINK(…)` stays text when the file is
 * opened. Numbers stay numbers; arrays join with '; '; null and undefined are empty.
 */
export function safeCell(v: unknown): string | number | null {
  const cell = plainCell(v);
  return typeof cell === 'string' && FORMULA_TRIGGERS.has(cell.charAt(0)) ? `'${cell}` : cell;
}

/** A value as a cell, before any neutralising: what an xlsx string cell holds. */
function plainCell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((item) => plainCell(item) ?? '').join('; ');
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? null;
}

/**
 * Streams rows to `out` and ends it: CSV as UTF-8 with a byte order mark (so Excel reads Chinese
 * right) and CRLF line ends; xlsx as one worksheet with a bold, frozen header row and column
 * widths fitted to the first rows. Only CSV cells are neutralised with safeCell: an xlsx string
 * cell is never evaluated, so it keeps the value exactly (a phone number such as +86 … included).
 * Returns the number of data rows written.
 */
export async function writeExport(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: ExportColumn[],
  format: ExportFormat,
  out: NodeJS.WritableStream,
): Promise<number> {
  try {
    return format === 'csv' ? await writeCsv(rows, columns, out) : await writeXlsx(rows, columns, out);
  } catch (error) {
    // A half-written file must not look like a finished download.
    if (out instanceof Writable) out.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

async function writeCsv(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: ExportColumn[],
  out: NodeJS.WritableStream,
): Promise<number> {
  let written = 0;
  async function* records(): AsyncGenerator<(string | number | null)[]> {
    yield columns.map((column) => safeCell(column.header));
    for await (const row of rows) {
      yield columns.map((column) => safeCell(row[column.key]));
      written++;
    }
  }
  await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: 'windows' }), out);
  return written;
}

/** Rows looked at to size the columns: widths must be written before the first row. */
const SIZING_ROWS = 100;
const MIN_WIDTH = 8;
const MAX_WIDTH = 50;
/** How often the writer checks that the zip stream keeps up. */
const CHECK_EVERY_ROWS = 1000;
/** Worksheet XML allowed to wait for compression before the writer pauses. */
const MAX_ZIP_BACKLOG = 8 * 1024 * 1024;

async function writeXlsx(
  rows: AsyncIterable<Record<string, unknown>>,
  columns: ExportColumn[],
  out: NodeJS.WritableStream,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Writable, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });

  const iterator = rows[Symbol.asyncIterator]();
  try {
    return await writeSheet(workbook, sheet, iterator, columns, out);
  } finally {
    // Releases the source (a database cursor) when writing stops early.
    await iterator.return?.();
  }
}

async function writeSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  sheet: ExcelJS.Worksheet,
  iterator: AsyncIterator<Record<string, unknown>>,
  columns: ExportColumn[],
  out: NodeJS.WritableStream,
): Promise<number> {
  const firstRows: (string | number | null)[][] = [];
  let next = await iterator.next();
  while (!next.done && firstRows.length < SIZING_ROWS) {
    firstRows.push(xlsxCells(next.value, columns));
    next = await iterator.next();
  }
  sheet.columns = columns.map((column, index) => ({
    key: column.key,
    width: columnWidth([column.header, ...firstRows.map((cells) => cells[index] ?? null)]),
  }));
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();

  let written = 0;
  const addRow = async (cells: (string | number | null)[]) => {
    sheet.addRow(cells).commit();
    if (++written % CHECK_EVERY_ROWS === 0) await letZipCatchUp(sheet, out);
  };
  for (const cells of firstRows) await addRow(cells);
  while (!next.done) {
    await addRow(xlsxCells(next.value, columns));
    next = await iterator.next();
  }
  sheet.commit();
  // exceljs waits for `out` to finish, forever if it closes early (a client going away): watch it too.
  await Promise.all([workbook.commit(), finished(out, { readable: false })]);
  return written;
}

function xlsxCells(row: Record<string, unknown>, columns: ExportColumn[]): (string | number | null)[] {
  return columns.map((column) => plainCell(row[column.key]));
}

/** Characters wide, counting CJK and other full-width characters double, as Excel draws them. */
function columnWidth(values: (string | number | null)[]): number {
  let widest = 0;
  for (const value of values) {
    if (value === null) continue;
    const longestLine = String(value)
      .split('\n')
      .reduce((max, line) => Math.max(max, displayWidth(line)), 0);
    widest = Math.max(widest, longestLine);
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1;
  return width;
}

/**
 * Waits while compression lags behind the rows, and while `out` is full. exceljs writes each
 * committed row into the zip entry without heeding backpressure, and committing never yields to
 * the event loop, so without this pause the XML of the whole sheet would pile up in memory
 * waiting for the deflater (and, behind a slow client, for the network). Polls rather than
 * waiting for 'drain', which never comes once the client has gone.
 */
async function letZipCatchUp(sheet: ExcelJS.Worksheet, out: NodeJS.WritableStream): Promise<void> {
  await setImmediate();
  for (;;) {
    if (out instanceof Writable && out.destroyed) throw new Error('The export output closed before the file was complete.');
    if (zipBacklog(sheet) <= MAX_ZIP_BACKLOG && !(out instanceof Writable && out.writableNeedDrain)) return;
    await sleep(5);
  }
}

/** Bytes of XML waiting in the stream archiver reads the worksheet from: exceljs internals, 0 (no pause) if they change. */
function zipBacklog(sheet: ExcelJS.Worksheet): number {
  const entry = (sheet as unknown as { _stream?: { pipes?: { _writableState?: { length?: unknown } }[] } })._stream?.pipes?.[0];
  const length = entry?._writableState?.length;
  return typeof length === 'number' ? length : 0;
}

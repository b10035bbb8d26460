import { createReadStream, ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { addAbortSignal, pipeline } from 'node:stream';
import chardet from 'chardet';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Reading customer import files (CUST-6): CSV in the encodings Chinese spreadsheets and ERPs
 * actually write, and Excel workbooks, streamed row by row so that a 200 MB file costs no more
 * memory than a small one. Every row carries the number a person sees in Excel, so that a
 * rejected row can be found and fixed in the original file.
 */

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export type FileProblemReason =
  'empty_file' | 'not_a_text_file' | 'wrong_encoding' | 'no_header' | 'unclosed_quote' | 'unreadable_xlsx' | 'too_many_columns';

/** A problem with the whole file rather than one row: the import cannot go on until the file (or the chosen encoding) changes. */
export class FileProblem extends Error {
  constructor(
    readonly reason: FileProblemReason,
    message: string,
    /** The Excel row number where the problem shows, when there is one. */
    readonly row?: number,
  ) {
    super(message);
    this.name = 'FileProblem';
  }
}

export type FileRow = {
  /** As a person sees it in Excel: the header is row 1 and the first data row is 2; a CSV cell spanning lines is still one row. */
  rowNumber: number;
  cells: string[];
  /** Set when the row has a different number of cells than the header; the row still comes with the cells it has. */
  problem?: 'ragged_row';
};

export type ReadEvent = { kind: 'header'; cells: string[] } | ({ kind: 'row' } & FileRow);

export type ReadOptions = {
  format: FileFormat;
  /** Null or absent: detect it as sniffFile does. */
  encoding?: TextEncoding | null;
  /** Resume after this row number (a row already committed): rows up to it are parsed but not yielded. */
  afterRow?: number;
  signal?: AbortSignal;
};

const HEAD_BYTES = 64 * 1024;
/** Wider than any real customer list; beyond it the mapping screen would be unusable and the file is probably not one. */
const MAX_COLUMNS = 1000;
/** A CSV row longer than this is a quote that never closes swallowing the rest of the file; stopping early keeps memory flat. */
const MAX_ROW_CHARS = 1024 * 1024;
/** Rows read before deciding whether the encoding fits; none is yielded before then, so a wrong guess never reaches the database. */
const ENCODING_TRIAL_ROWS = 100;
/** The share of rows with undecodable bytes above which the encoding is judged wrong rather than the data damaged. */
const MAX_GARBLED_SHARE = 0.01;
const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Looks at the first 64 KiB of a file and says what it is: xlsx by its zip signature and
 * [Content_Types].xml part (whatever the file is called), otherwise text in the encoding that
 * best fits: a byte order mark wins, then strict UTF-8, then the likeliest of GB18030 (which
 * covers GBK and GB2312), Big5 and BOM-less UTF-16. `confidence` runs from 0 to 1; pure ASCII is
 * valid UTF-8 but says nothing about the rest of the file, so it scores 0.5.
 * @throws FileProblem `empty_file`, or `not_a_text_file` for binary content (an image or PDF renamed .csv).
 */
export async function sniffFile(path: string): Promise<{ format: FileFormat; encoding: TextEncoding | null; confidence: number }> {
  const { head, size } = await readHead(path);
  return sniffHead(head, size);
}

/**
 * Streams the header and then every data row. Blank rows are skipped but still counted, as
 * Excel numbers them; cells are trimmed. For CSV the delimiter (comma, tab or semicolon) is
 * taken from the header line. xlsx is read from its first worksheet, with dates as YYYY-MM-DD
 * (plus the time when there is one), numbers as Excel shows them (15 significant digits, no
 * exponent), rich text flattened and formulas as their cached result.
 * A CSV encoding that does not fit (undecodable bytes in the header, or in more than 1% of rows)
 * is refused before any row is yielded when it shows in the first 100 rows; a file that turns
 * garbled only later (a UTF-8 sample, GBK further on) is refused where the share passes 1%.
 * @throws FileProblem when the file as a whole cannot be read: see FileProblemReason.
 */
export async function* readRows(path: string, options: ReadOptions): AsyncGenerator<ReadEvent> {
  options.signal?.throwIfAborted();
  if (options.format === 'xlsx') yield* readXlsxRows(path, options);
  else yield* readCsvRows(path, options);
}

/**
 * The header and the first `n` data rows, for the mapping screen. `estimatedRows` (CSV only)
 * extrapolates the data rows of the first 64 KiB to the file's size; it is exact for a file
 * no larger than that.
 */
export async function previewFile(
  path: string,
  options: { format: FileFormat; encoding?: TextEncoding | null },
  n = 20,
): Promise<{ headers: string[]; rows: FileRow[]; estimatedRows: number | null }> {
  let headers: string[] | null = null;
  const rows: FileRow[] = [];
  for await (const event of readRows(path, options)) {
    if (event.kind === 'header') {
      headers = event.cells;
      if (n === 0) break;
      continue;
    }
    const { kind: _kind, ...row } = event;
    rows.push(row);
    if (rows.length >= n) break;
  }
  if (!headers) throw noHeader();
  const estimatedRows = options.format === 'csv' ? await estimateCsvRows(path, options.encoding) : null;
  return { headers, rows, estimatedRows };
}

// ---------------------------------------------------------------------------------------------
// Sniffing

async function readHead(path: string): Promise<{ head: Buffer; size: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return { head: head.subarray(0, bytesRead), size };
  } finally {
    await file.close();
  }
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Formats people rename to .csv, named so the message can say what the file really is. */
const BINARY_SIGNATURES: { bytes: Buffer; what: string }[] = [
  { bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]), what: 'a PNG image' },
  { bytes: Buffer.from([0xff, 0xd8, 0xff]), what: 'a JPEG image' },
  { bytes: Buffer.from('GIF8'), what: 'a GIF image' },
  { bytes: Buffer.from('%PDF'), what: 'a PDF document' },
  { bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), what: 'an old Excel (.xls) or Word file; save it as .xlsx or CSV' },
  { bytes: ZIP_SIGNATURE, what: 'a zip archive but not an Excel workbook' },
  { bytes: Buffer.from('Rar!'), what: 'a RAR archive' },
  { bytes: Buffer.from([0x37, 0x7a, 0xbc, 0xaf]), what: 'a 7-Zip archive' },
];

const BOMS: { bytes: Buffer; encoding: TextEncoding }[] = [
  { bytes: Buffer.from([0xef, 0xbb, 0xbf]), encoding: 'utf-8' },
  { bytes: Buffer.from([0xff, 0xfe]), encoding: 'utf-16le' },
  { bytes: Buffer.from([0xfe, 0xff]), encoding: 'utf-16be' },
];

/** chardet's names for the encodings we read; GBK and GB2312 files are reported as GB18030, their superset. */
const CHARDET_ENCODINGS: Partial<Record<string, TextEncoding>> = {
  GB18030: 'gb18030',
  Big5: 'big5',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
};

function sniffHead(head: Buffer, size: number): { format: FileFormat; encoding: TextEncoding | null; confidence: number } {
  if (size === 0) throw new FileProblem('empty_file', 'The file is empty.');
  if (isXlsx(head)) return { format: 'xlsx', encoding: null, confidence: 1 };
  const bom = bomOf(head);
  if (bom) return { format: 'csv', encoding: bom, confidence: 1 };
  const signature = BINARY_SIGNATURES.find((s) => startsWith(head, s.bytes));
  if (signature) throw new FileProblem('not_a_text_file', `This is ${signature.what}, not a CSV file.`);
  const utf16 = bomlessUtf16(head);
  if (utf16) return { format: 'csv', encoding: utf16, confidence: 0.8 };
  if (looksBinary(head)) throw new FileProblem('not_a_text_file', 'This is not a text file: it holds binary data.');
  if (isUtf8(head, head.length < size)) return { format: 'csv', encoding: 'utf-8', confidence: head.every((b) => b < 0x80) ? 0.5 : 1 };
  return { format: 'csv', ...guessLegacyEncoding(wholeLines(head, head.length < size)) };
}

function isXlsx(head: Buffer): boolean {
  return startsWith(head, ZIP_SIGNATURE) && head.includes('[Content_Types].xml', 0, 'latin1');
}

function startsWith(head: Buffer, prefix: Buffer): boolean {
  return head.length >= prefix.length && head.subarray(0, prefix.length).equals(prefix);
}

function bomOf(head: Buffer): TextEncoding | null {
  return BOMS.find((b) => startsWith(head, b.bytes))?.encoding ?? null;
}

/**
 * UTF-16 without a byte order mark (some ERPs' "Unicode" export): the ASCII in it (delimiters,
 * line breaks, digits) puts a zero in every other byte, all on one side.
 */
function bomlessUtf16(head: Buffer): TextEncoding | null {
  let zerosAtEven = 0;
  let zerosAtOdd = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) zerosAtEven++;
    if (head[i + 1] === 0) zerosAtOdd++;
  }
  const pairs = Math.floor(head.length / 2);
  if (pairs === 0) return null;
  if (zerosAtOdd >= pairs * 0.1 && zerosAtEven <= zerosAtOdd * 0.01) return 'utf-16le';
  if (zerosAtEven >= pairs * 0.1 && zerosAtOdd <= zerosAtEven * 0.01) return 'utf-16be';
  return null;
}

/** NUL bytes, or more than a sprinkling of control characters other than tab, line breaks, form feed and escape. */
function looksBinary(head: Buffer): boolean {
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) controls++;
  }
  return controls > Math.max(8, head.length * 0.001);
}

/** Strict UTF-8; `truncated` lets a character cut by the 64 KiB boundary pass. */
function isUtf8(bytes: Buffer, truncated: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}

/** The head up to its last line break when it is cut from a longer file, so no character is split. */
function wholeLines(head: Buffer, truncated: boolean): Buffer {
  if (!truncated) return head;
  const lastBreak = head.lastIndexOf(0x0a);
  return lastBreak > 0 ? head.subarray(0, lastBreak + 1) : head;
}

/**
 * chardet's best among the encodings we read; on a tie (short samples score alike) GB18030,
 * the mainland's, wins. A candidate that decodes the sample with replacement characters loses
 * to one that decodes it cleanly.
 */
function guessLegacyEncoding(sample: Buffer): { encoding: TextEncoding; confidence: number } {
  const candidates: { encoding: TextEncoding; confidence: number }[] = [];
  for (const match of chardet.analyse(sample)) {
    const encoding = CHARDET_ENCODINGS[match.name];
    if (encoding && !candidates.some((c) => c.encoding === encoding)) candidates.push({ encoding, confidence: match.confidence / 100 });
  }
  for (const fallback of ['gb18030', 'big5'] as const) {
    if (!candidates.some((c) => c.encoding === fallback)) candidates.push({ encoding: fallback, confidence: 0 });
  }
  const decodesCleanly = (encoding: TextEncoding) => !iconv.decode(sample, encoding).includes(REPLACEMENT_CHARACTER);
  const preference = (c: { encoding: TextEncoding; confidence: number }) =>
    [decodesCleanly(c.encoding) ? 1 : 0, c.confidence, c.encoding === 'gb18030' ? 1 : 0] as const;
  candidates.sort((a, b) => {
    const [pa, pb] = [preference(a), preference(b)];
    return pb[0] - pa[0] || pb[1] - pa[1] || pb[2] - pa[2];
  });
  return candidates[0]!;
}

// ---------------------------------------------------------------------------------------------
// CSV

async function* readCsvRows(path: string, options: ReadOptions): AsyncGenerator<ReadEvent> {
  const { head, size } = await readHead(path);
  const sniffed = sniffHead(head, size);
  if (sniffed.format === 'xlsx') throw new FileProblem('not_a_text_file', 'This is an Excel workbook, not a CSV file.');
  const encoding = options.encoding ?? sniffed.encoding ?? 'utf-8';
  refuseMismatchedEncoding(head, size, encoding);
  const delimiter = detectDelimiter(iconv.decode(wholeLines(head, head.length < size), encoding));

  const afterRow = options.afterRow ?? 0;
  const garbled = new GarbleWatch();
  /** Rows held back until ENCODING_TRIAL_ROWS have shown whether the encoding fits. */
  let trial: FileRow[] | null = [];
  let headerWidth: number | null = null;

  for await (const { rowNumber, cells } of csvRecords(path, encoding, delimiter, options.signal)) {
    if (cells.every((c) => c === '')) continue;
    if (headerWidth === null) {
      checkHeader(cells, rowNumber, encoding);
      headerWidth = cells.length;
      yield { kind: 'header', cells };
      continue;
    }
    garbled.observe(rowNumber, cells);
    if (garbled.seen >= ENCODING_TRIAL_ROWS && garbled.tooMany()) throw wrongEncoding(encoding, garbled.firstRow);
    if (rowNumber <= afterRow) continue;
    const row = csvRow(rowNumber, cells, headerWidth);
    if (trial && garbled.seen < ENCODING_TRIAL_ROWS) {
      trial.push(row);
      continue;
    }
    if (trial) {
      for (const held of trial) yield { kind: 'row', ...held };
      trial = null;
    }
    yield { kind: 'row', ...row };
  }
  if (headerWidth === null) throw noHeader();
  if (garbled.tooMany()) throw wrongEncoding(encoding, garbled.firstRow);
  for (const held of trial ?? []) yield { kind: 'row', ...held };
}

function csvRow(rowNumber: number, cells: string[], headerWidth: number): FileRow {
  return cells.length === headerWidth ? { rowNumber, cells } : { rowNumber, cells, problem: 'ragged_row' };
}

/** Every CSV record, blank ones included, numbered as Excel rows; parse errors become FileProblems. */
async function* csvRecords(
  path: string,
  encoding: TextEncoding,
  delimiter: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ rowNumber: number; cells: string[] }> {
  const source: ReadStream = createReadStream(path, { highWaterMark: HEAD_BYTES });
  if (signal) addAbortSignal(signal, source);
  // relax_quotes reads a stray quote inside a cell (5" screen) as text, as Excel does.
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, max_record_size: MAX_ROW_CHARS });
  // Errors anywhere in the chain reach the parser, whose iteration below rethrows them.
  pipeline(source, iconv.decodeStream(encoding, { stripBOM: true }), parser, () => {});
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      // The parser may hold many parsed records when the signal aborts the read.
      signal?.throwIfAborted();
      rowNumber++;
      yield { rowNumber, cells: record.map((cell) => cell.trim()) };
    }
  } catch (error) {
    throw error instanceof CsvError ? csvProblem(error) : error;
  } finally {
    source.destroy();
  }
}

function csvProblem(error: CsvError): FileProblem | CsvError {
  const row = Number(error.records) + 1;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return new FileProblem('unclosed_quote', `A quote opened in row ${row} never closes.`, row);
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return new FileProblem('unclosed_quote', `Row ${row} runs past 1 MiB: a quote opened in it probably never closes.`, row);
  }
  return error;
}

/**
 * Refuses an encoding that the first bytes contradict, for mistakes that decode without
 * replacement characters: a byte order mark or UTF-16 zero bytes read as something else, or
 * valid UTF-8 text (which legacy-encoded Chinese practically never is) read as GB18030 or Big5.
 */
function refuseMismatchedEncoding(head: Buffer, size: number, encoding: TextEncoding): void {
  const evident = bomOf(head) ?? bomlessUtf16(head);
  const isUtf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  if (evident && evident !== encoding) throw wrongEncoding(encoding, undefined, `the file is ${evident.toUpperCase()}`);
  if (isUtf16 && !evident) throw wrongEncoding(encoding, undefined, 'the file has none of the zero bytes UTF-16 text has');
  if (!isUtf16 && encoding !== 'utf-8' && !head.every((b) => b < 0x80) && isUtf8(head, head.length < size)) {
    throw wrongEncoding(encoding, undefined, 'the file is valid UTF-8');
  }
}

/** Comma unless the header line has more tabs or semicolons (Excel's "Unicode text" is tab-separated; European Excel writes semicolons). */
function detectDelimiter(text: string): string {
  const firstLine =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\n|\r/)
      .find((line) => line.trim() !== '') ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ',';
}

/** Counts data rows holding U+FFFD: what decoding leaves where the bytes do not belong to the encoding. */
class GarbleWatch {
  seen = 0;
  garbled = 0;
  firstRow: number | undefined;

  observe(rowNumber: number, cells: string[]): void {
    this.seen++;
    if (cells.some((cell) => cell.includes(REPLACEMENT_CHARACTER))) {
      this.garbled++;
      this.firstRow ??= rowNumber;
    }
  }

  tooMany(): boolean {
    return this.garbled > this.seen * MAX_GARBLED_SHARE;
  }
}

function checkHeader(cells: string[], rowNumber: number, encoding: TextEncoding | null): void {
  if (encoding && cells.some((cell) => cell.includes(REPLACEMENT_CHARACTER))) throw wrongEncoding(encoding, rowNumber);
  if (cells.length > MAX_COLUMNS) {
    throw new FileProblem('too_many_columns', `The header has ${cells.length} columns; at most ${MAX_COLUMNS} can be imported.`, rowNumber);
  }
}

function wrongEncoding(encoding: TextEncoding, row?: number, because?: string): FileProblem {
  const where = row === undefined ? '' : ` (row ${row} has characters it cannot decode)`;
  const why = because ? `: ${because}` : where;
  return new FileProblem('wrong_encoding', `The file does not read as ${encoding.toUpperCase()}${why}. Choose another encoding.`, row);
}

function noHeader(): FileProblem {
  return new FileProblem('no_header', 'The file has no header row: it holds only blank lines.');
}

async function estimateCsvRows(path: string, forced: TextEncoding | null | undefined): Promise<number> {
  const { head, size } = await readHead(path);
  const encoding = forced ?? sniffHead(head, size).encoding ?? 'utf-8';
  const truncated = head.length < size;
  const sample = wholeLines(head, truncated);
  const text = iconv.decode(sample, encoding);
  let records: string[][];
  try {
    records = parseSync(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, columns: false });
  } catch (error) {
    // A multi-line cell cut by the sample's end: count the records before it.
    if (!(error instanceof CsvError)) throw error;
    return Math.round(Number(error.records) * (size / sample.length));
  }
  const dataRows = Math.max(0, records.filter((cells) => cells.some((c) => c.trim() !== '')).length - 1);
  return truncated ? Math.round(dataRows * (size / sample.length)) : dataRows;
}

// ---------------------------------------------------------------------------------------------
// xlsx

async function* readXlsxRows(path: string, options: ReadOptions): AsyncGenerator<ReadEvent> {
  const afterRow = options.afterRow ?? 0;
  let headerWidth: number | null = null;
  for await (const { rowNumber, cells } of xlsxRecords(path, options.signal)) {
    const width = lastFilled(cells);
    if (width === 0) continue;
    if (headerWidth === null) {
      checkHeader(cells.slice(0, width), rowNumber, null);
      headerWidth = width;
      yield { kind: 'header', cells: cells.slice(0, width) };
      continue;
    }
    if (rowNumber <= afterRow) continue;
    // A worksheet stores no empty trailing cells, so only content beyond the header makes a row ragged.
    const padded = cells.slice(0, Math.max(width, headerWidth));
    while (padded.length < headerWidth) padded.push('');
    yield width > headerWidth
      ? { kind: 'row', rowNumber, cells: padded, problem: 'ragged_row' }
      : { kind: 'row', rowNumber, cells: padded };
  }
  if (headerWidth === null) throw noHeader();
}

function lastFilled(cells: string[]): number {
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width--;
  return width;
}

/** Just what this file needs of exceljs's streaming reader, which its type declarations leave out. */
type SheetModel = { name: string; state?: string };
type StreamedWorksheet = ExcelJS.stream.xlsx.WorksheetReader & { name?: string; iterator?: unknown };

/** The rows of the first worksheet (in tab order) as text cells; exceljs failures become `unreadable_xlsx`. */
async function* xlsxRecords(path: string, signal: AbortSignal | undefined): AsyncGenerator<{ rowNumber: number; cells: string[] }> {
  const source = createReadStream(path);
  if (signal) addAbortSignal(signal, source);
  // Styles are needed to tell a date from a number: a date is a number with a date format.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  const worksheets = workbook[Symbol.asyncIterator]() as AsyncGenerator<StreamedWorksheet>;
  const sheetsInTabOrder = () => (workbook as unknown as { model?: { sheets?: SheetModel[] } }).model?.sheets ?? [];
  let reading: StreamedWorksheet | undefined;
  try {
    for (let next = await worksheets.next(); !next.done; next = await worksheets.next()) {
      if (!isFirstSheet(next.value, sheetsInTabOrder())) {
        parkedFile(next.value)?.destroy();
        continue;
      }
      reading = next.value;
      for await (const row of reading as AsyncIterable<ExcelJS.Row>) {
        signal?.throwIfAborted();
        yield { rowNumber: row.number, cells: rowCells(row) };
      }
      break;
    }
  } catch (error) {
    if (error instanceof FileProblem || (error instanceof Error && error.name === 'AbortError') || signal?.aborted) throw error;
    throw new FileProblem('unreadable_xlsx', `The Excel file cannot be read: ${error instanceof Error ? error.message : String(error)}.`);
  } finally {
    await releaseParkedWorksheets(reading, worksheets);
    source.destroy();
  }
  if (!reading) throw new FileProblem('unreadable_xlsx', 'The Excel file has no worksheet.');
}

/**
 * The first sheet a person sees: the first visible one in tab order, which need not be the first
 * in the zip. A sheet exceljs could not name (an unusual relationship target) counts as first.
 */
function isFirstSheet(worksheet: StreamedWorksheet, sheets: SheetModel[]): boolean {
  const firstVisible = sheets.find((sheet) => sheet.state !== 'hidden' && sheet.state !== 'veryHidden');
  if (!firstVisible || !sheets.some((sheet) => sheet.name === worksheet.name)) return true;
  return worksheet.name === firstVisible.name;
}

/**
 * The temporary file exceljs parks a worksheet in when the zip holds it before the shared strings
 * (as Excel writes them), or null for a sheet read straight from the zip.
 */
function parkedFile(worksheet: StreamedWorksheet): ReadStream | null {
  return worksheet.iterator instanceof ReadStream ? worksheet.iterator : null;
}

/**
 * exceljs deletes a parked worksheet's file (and closes its descriptor) only when iteration moves
 * past that sheet, so stopping early would leave them until the process exits. When the sheet
 * being read was parked, every sheet is already on disk: handing the rest over costs no unzipping.
 */
async function releaseParkedWorksheets(
  reading: StreamedWorksheet | undefined,
  worksheets: AsyncGenerator<StreamedWorksheet>,
): Promise<void> {
  const file = reading && parkedFile(reading);
  if (!file) return;
  file.destroy();
  try {
    for (let next = await worksheets.next(); !next.done; next = await worksheets.next()) parkedFile(next.value)?.destroy();
  } catch {
    // Only cleaning up: the read already succeeded or failed on its own account.
  }
}

function rowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    while (cells.length < column - 1) cells.push('');
    cells.push(cellText(cell.value, cell.numFmt).trim());
  });
  return cells;
}

function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? formatDate(excelSerialToDate(value)) : formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null, numFmt);
  if ('error' in value) return value.error;
  if ('text' in value) return cellText(value.text, undefined);
  return '';
}

/** exceljs's own test, which the streaming reader skips for formula results: a format with date letters outside quotes and brackets. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelSerialToDate(serial: number): Date {
  // Day 25569 is 1970-01-01 in the 1900 date system every modern workbook uses.
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

/** YYYY-MM-DD, with the time (to the second) only when there is one; a time of day alone for Excel's day zero. */
function formatDate(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const iso = rounded.toISOString();
  const time = iso.slice(11, 19);
  if (rounded.getTime() < Date.UTC(1899, 11, 31) && rounded.getTime() >= Date.UTC(1899, 11, 30)) return time;
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

const plainNumber = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 20 });

/** As Excel shows a number in a General cell: 15 significant digits (hiding binary noise such as 0.30000000000000004), never an exponent. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const rounded = Number(n.toPrecision(15));
  const text = String(rounded);
  return text.includes('e') ? plainNumber.format(rounded) : text;
}

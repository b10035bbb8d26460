import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileProblem, previewFile, readRows, sniffFile, type ReadEvent, type ReadOptions } from './import-file.js';

let dir: string;
let fileCount = 0;
/** A one-cell workbook saved under a .csv name. */
let smallWorkbook: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-import-file-'));
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('客户').addRow(['名称']);
  smallWorkbook = join(dir, 'workbook-named.csv');
  await workbook.xlsx.writeFile(smallWorkbook);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(content: string | Buffer, name = 'customers.csv'): Promise<string> {
  const path = join(dir, `${++fileCount}-${name}`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, options: ReadOptions = { format: 'csv' }): Promise<ReadEvent[]> {
  const events: ReadEvent[] = [];
  for await (const event of readRows(path, options)) events.push(event);
  return events;
}

async function problemOf(work: Promise<unknown>): Promise<FileProblem> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FileProblem)) throw new Error(`expected a FileProblem, got ${String(error)}`);
  return error;
}

const SIMPLIFIED = [
  '客户编号,客户名称,手机,地址',
  'C001,上海华为技术有限公司,13800138000,上海市浦东新区张江路88号',
  'C002,张三,13900139000,北京市海淀区中关村大街1号',
  'C003,广州市白云区贸易公司,13700137000,广州市白云区机场路100号',
].join('\r\n');
const TRADITIONAL = [
  '客戶編號,客戶名稱,手機,地址',
  'C001,台北華碩電腦股份有限公司,0912345678,臺北市信義區松仁路100號',
  'C002,陳大文,0922333444,新北市板橋區文化路一段',
  'C003,高雄港灣貿易有限公司,0933444555,高雄市前鎮區中山二路',
].join('\r\n');

describe('sniffFile', () => {
  it('detects UTF-8 with and without a byte order mark', async () => {
    expect(await sniffFile(await fixture(`\uFEFF${SIMPLIFIED}`))).toEqual({ format: 'csv', encoding: 'utf-8', confidence: 1 });
    expect(await sniffFile(await fixture(SIMPLIFIED))).toEqual({ format: 'csv', encoding: 'utf-8', confidence: 1 });
  });

  it('gives pure ASCII a middling confidence, since any encoding fits it', async () => {
    expect(await sniffFile(await fixture('code,name\nC1,Acme\n'))).toEqual({ format: 'csv', encoding: 'utf-8', confidence: 0.5 });
  });

  it('detects UTF-16 by its byte order mark, and little-endian without one', async () => {
    expect(await sniffFile(await fixture(iconv.encode(SIMPLIFIED, 'utf-16le', { addBOM: true })))).toMatchObject({ encoding: 'utf-16le' });
    expect(await sniffFile(await fixture(iconv.encode(SIMPLIFIED, 'utf-16be', { addBOM: true })))).toMatchObject({ encoding: 'utf-16be' });
    expect(await sniffFile(await fixture(iconv.encode(SIMPLIFIED, 'utf-16le')))).toMatchObject({ encoding: 'utf-16le' });
  });

  it('detects GBK and GB18030 bytes as gb18030, and Big5 as big5', async () => {
    expect(await sniffFile(await fixture(iconv.encode(SIMPLIFIED, 'gbk')))).toMatchObject({ format: 'csv', encoding: 'gb18030' });
    expect(await sniffFile(await fixture(iconv.encode(SIMPLIFIED, 'gb18030')))).toMatchObject({ encoding: 'gb18030' });
    expect(await sniffFile(await fixture(iconv.encode(TRADITIONAL, 'big5')))).toMatchObject({ encoding: 'big5' });
  });

  it('refuses an empty file', async () => {
    expect((await problemOf(sniffFile(await fixture('')))).reason).toBe('empty_file');
  });

  it('refuses a PNG renamed .csv, and binary data', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const problem = await problemOf(sniffFile(await fixture(png, 'photo.csv')));
    expect(problem.reason).toBe('not_a_text_file');
    expect(problem.message).toContain('PNG');
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 7) % 256));
    expect((await problemOf(sniffFile(await fixture(binary)))).reason).toBe('not_a_text_file');
  });

  it('recognises an Excel workbook whatever it is called', async () => {
    expect(await sniffFile(smallWorkbook)).toEqual({ format: 'xlsx', encoding: null, confidence: 1 });
  });
});

describe('readRows from CSV', () => {
  it('reads UTF-8 with a byte order mark without leaking it into the first header', async () => {
    const events = await readAll(await fixture(`\uFEFF${SIMPLIFIED}`));
    expect(events[0]).toEqual({ kind: 'header', cells: ['客户编号', '客户名称', '手机', '地址'] });
    expect(events[1]).toEqual({
      kind: 'row',
      rowNumber: 2,
      cells: ['C001', '上海华为技术有限公司', '13800138000', '上海市浦东新区张江路88号'],
    });
    expect(events).toHaveLength(4);
  });

  it.each([
    ['utf-16le', iconv.encode(SIMPLIFIED, 'utf-16le', { addBOM: true }), SIMPLIFIED],
    ['gb18030', iconv.encode(SIMPLIFIED, 'gbk'), SIMPLIFIED],
    ['big5', iconv.encode(TRADITIONAL, 'big5'), TRADITIONAL],
  ] as const)('reads %s text as detected', async (_name, bytes, text) => {
    const events = await readAll(await fixture(bytes));
    const expected = text.split('\r\n').map((line) => line.split(','));
    expect(events.map((e) => e.cells)).toEqual(expected);
  });

  it("reads Excel's Unicode text (UTF-16LE, tab-separated)", async () => {
    const text = '名称\t手机\r\n张三\t13800138000\r\n';
    const events = await readAll(await fixture(iconv.encode(text, 'utf-16le', { addBOM: true }), 'export.txt'));
    expect(events.map((e) => e.cells)).toEqual([
      ['名称', '手机'],
      ['张三', '13800138000'],
    ]);
  });

  it('refuses a forced encoding that garbles the header', async () => {
    const problem = await problemOf(readAll(await fixture(iconv.encode(SIMPLIFIED, 'gbk')), { format: 'csv', encoding: 'utf-8' }));
    expect(problem).toMatchObject({ reason: 'wrong_encoding', row: 1 });
  });

  it('refuses GB18030 or Big5 for a file that is valid UTF-8', async () => {
    const path = await fixture(SIMPLIFIED);
    expect((await problemOf(readAll(path, { format: 'csv', encoding: 'gb18030' }))).reason).toBe('wrong_encoding');
    expect((await problemOf(readAll(path, { format: 'csv', encoding: 'big5' }))).reason).toBe('wrong_encoding');
  });

  it('refuses UTF-16 for a file without its zero bytes, and another encoding for UTF-16', async () => {
    expect((await problemOf(readAll(await fixture(SIMPLIFIED), { format: 'csv', encoding: 'utf-16le' }))).reason).toBe('wrong_encoding');
    const utf16 = await fixture(iconv.encode(SIMPLIFIED, 'utf-16le', { addBOM: true }));
    expect((await problemOf(readAll(utf16, { format: 'csv', encoding: 'utf-8' }))).reason).toBe('wrong_encoding');
  });

  it('refuses a forced encoding that garbles the rows before yielding any of them', async () => {
    const lines = ['code,name', ...Array.from({ length: 50 }, (_, i) => `C${i},张三${i}`)];
    const path = await fixture(iconv.encode(lines.join('\n'), 'gbk'));
    const yielded: ReadEvent[] = [];
    const problem = await problemOf(
      (async () => {
        for await (const event of readRows(path, { format: 'csv', encoding: 'utf-8' })) yielded.push(event);
      })(),
    );
    expect(problem).toMatchObject({ reason: 'wrong_encoding', row: 2 });
    expect(yielded.map((e) => e.kind)).toEqual(['header']);
  });

  it('flags a row with a different number of cells than the header, with its row number', async () => {
    const events = await readAll(await fixture('code,name,city\nC1,Acme,Shanghai\nC2,Beta\nC3,Gamma,Beijing,extra\n'));
    expect(events.slice(1)).toEqual([
      { kind: 'row', rowNumber: 2, cells: ['C1', 'Acme', 'Shanghai'] },
      { kind: 'row', rowNumber: 3, cells: ['C2', 'Beta'], problem: 'ragged_row' },
      { kind: 'row', rowNumber: 4, cells: ['C3', 'Gamma', 'Beijing', 'extra'], problem: 'ragged_row' },
    ]);
  });

  it('reports an unclosed quote at the row where it opens', async () => {
    const problem = await problemOf(readAll(await fixture('code,name\nC1,Acme\nC2,"Beta\nC3,Gamma\nC4,Delta\n')));
    expect(problem).toMatchObject({ reason: 'unclosed_quote', row: 3 });
  });

  it('stops at a runaway quote long before the end of a big file', async () => {
    const rest = Array.from({ length: 40_000 }, (_, i) => `C${i},name ${i} with some padding text`).join('\n');
    const problem = await problemOf(readAll(await fixture(`code,name\nC0,"open\n${rest}\n`)));
    expect(problem).toMatchObject({ reason: 'unclosed_quote', row: 2 });
  });

  it('yields the header and no rows for a header-only file', async () => {
    expect(await readAll(await fixture('code,name\r\n'))).toEqual([{ kind: 'header', cells: ['code', 'name'] }]);
  });

  it('refuses a file of blank lines as having no header', async () => {
    expect((await problemOf(readAll(await fixture('\n  \n,,\n')))).reason).toBe('no_header');
  });

  it('numbers rows as Excel does across multi-line cells and blank lines', async () => {
    const text = 'code,notes\r\nC1,"line one\r\nline two"\r\n\r\nC2, plain \r\n,\r\nC3,"say ""hi"""\r\n';
    const events = await readAll(await fixture(text));
    expect(events.slice(1)).toEqual([
      { kind: 'row', rowNumber: 2, cells: ['C1', 'line one\r\nline two'] },
      { kind: 'row', rowNumber: 4, cells: ['C2', 'plain'] },
      { kind: 'row', rowNumber: 6, cells: ['C3', 'say "hi"'] },
    ]);
  });

  it('counts blank lines before the header as Excel would', async () => {
    const events = await readAll(await fixture('\n\ncode,name\nC1,Acme\n'));
    expect(events[1]).toMatchObject({ rowNumber: 4 });
  });

  it('keeps a stray quote inside an unquoted cell as text', async () => {
    const events = await readAll(await fixture('code,product\nC1,27" monitor\n'));
    expect(events[1]?.cells).toEqual(['C1', '27" monitor']);
  });

  it('resumes after a committed row without yielding the rows before it', async () => {
    const text = ['code', ...Array.from({ length: 300 }, (_, i) => `C${i + 2}`)].join('\n');
    const events = await readAll(await fixture(text), { format: 'csv', afterRow: 250 });
    expect(events[0]).toEqual({ kind: 'header', cells: ['code'] });
    expect(events[1]).toEqual({ kind: 'row', rowNumber: 251, cells: ['C251'] });
    expect(events).toHaveLength(1 + 51);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const text = ['code', ...Array.from({ length: 1000 }, (_, i) => `C${i}`)].join('\n');
    const path = await fixture(text);
    let rows = 0;
    const work = (async () => {
      for await (const event of readRows(path, { format: 'csv', signal: controller.signal })) {
        if (event.kind === 'row' && ++rows === 200) controller.abort();
      }
    })();
    await expect(work).rejects.toMatchObject({ name: 'AbortError' });
    expect(rows).toBe(200);
  });
});

describe('readRows from xlsx', () => {
  async function workbookFixture(): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('说明');
    notes.state = 'hidden';
    notes.addRow(['This sheet is hidden and not read']);
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['编号', '名称', '生日', '信用额度', '合计', '备注']);
    sheet.addRow(['C1', '上海华为', new Date(Date.UTC(1990, 2, 5)), 12000.5, { formula: 'D2*2', result: 24001 }, 'plain']);
    sheet.getCell('C2').numFmt = 'yyyy-mm-dd';
    sheet.addRow([]);
    sheet.addRow(['C2', { richText: [{ text: '北京' }, { font: { bold: true }, text: '小米' }] }, null, 1e21, 0.1 + 0.2]);
    sheet.addRow(['C3', 'Acme', null, null, null, 'note', 'beyond the header']);
    workbook.addWorksheet('其他').addRow(['not the first sheet']);
    const path = join(dir, `${++fileCount}-customers.xlsx`);
    await workbook.xlsx.writeFile(path);
    return path;
  }

  it('reads the first visible worksheet with dates, numbers, formulas and rich text as text', async () => {
    const events = await readAll(await workbookFixture(), { format: 'xlsx' });
    expect(events).toEqual([
      { kind: 'header', cells: ['编号', '名称', '生日', '信用额度', '合计', '备注'] },
      { kind: 'row', rowNumber: 2, cells: ['C1', '上海华为', '1990-03-05', '12000.5', '24001', 'plain'] },
      { kind: 'row', rowNumber: 4, cells: ['C2', '北京小米', '', '1000000000000000000000', '0.3', ''] },
      { kind: 'row', rowNumber: 5, cells: ['C3', 'Acme', '', '', '', 'note', 'beyond the header'], problem: 'ragged_row' },
    ]);
  });

  it('reads a workbook written by the streaming writer (no shared strings)', async () => {
    const path = join(dir, `${++fileCount}-streamed.xlsx`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true });
    const sheet = writer.addWorksheet('Sheet1');
    sheet.addRow(['name', 'since']).commit();
    const row = sheet.addRow(['Acme', new Date(Date.UTC(2024, 0, 2, 9, 30))]);
    row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    row.commit();
    await writer.commit();
    expect((await readAll(path, { format: 'xlsx' })).map((e) => e.cells)).toEqual([
      ['name', 'since'],
      ['Acme', '2024-01-02 09:30:00'],
    ]);
  });

  it('leaves no temporary files behind, read whole or stopped early', async () => {
    const parked = async () => (await readdir(tmpdir())).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const path = await workbookFixture();
    await readAll(path, { format: 'xlsx' });
    await previewFile(path, { format: 'xlsx' }, 1);
    // exceljs deletes them asynchronously once released.
    await vi.waitFor(async () => expect(await parked()).toEqual([]), { timeout: 2000 });
  });

  it('resumes after a committed row', async () => {
    const events = await readAll(await workbookFixture(), { format: 'xlsx', afterRow: 4 });
    expect(events.map((e) => (e.kind === 'row' ? e.rowNumber : 'header'))).toEqual(['header', 5]);
  });

  it('refuses a damaged workbook as unreadable', async () => {
    const good = await readFile(smallWorkbook);
    const damaged = Buffer.concat([good.subarray(0, 200), Buffer.alloc(good.length - 200, 0x41)]);
    expect((await problemOf(readAll(await fixture(damaged, 'damaged.xlsx'), { format: 'xlsx' }))).reason).toBe('unreadable_xlsx');
  });

  it('refuses an empty worksheet as having no header', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('空');
    const path = join(dir, `${++fileCount}-empty.xlsx`);
    await workbook.xlsx.writeFile(path);
    expect((await problemOf(readAll(path, { format: 'xlsx' }))).reason).toBe('no_header');
  });
});

describe('previewFile', () => {
  it('gives the header, the first rows and an exact count for a small file', async () => {
    const text = ['code,name', ...Array.from({ length: 30 }, (_, i) => `C${i},Name ${i}`)].join('\n');
    const preview = await previewFile(await fixture(text), { format: 'csv' }, 5);
    expect(preview.headers).toEqual(['code', 'name']);
    expect(preview.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6]);
    expect(preview.estimatedRows).toBe(30);
  });

  it('estimates the rows of a large file from its first 64 KiB', async () => {
    const text = ['code,name', ...Array.from({ length: 20_000 }, (_, i) => `C${String(i).padStart(6, '0')},Name`)].join('\n');
    const { estimatedRows } = await previewFile(await fixture(text), { format: 'csv' });
    expect(estimatedRows).toBeGreaterThan(19_000);
    expect(estimatedRows).toBeLessThan(21_000);
  });

  it('has no estimate for a workbook', async () => {
    const preview = await previewFile(smallWorkbook, { format: 'xlsx' });
    expect(preview).toEqual({ headers: ['名称'], rows: [], estimatedRows: null });
  });
});

// Reading spreadsheet CSVs: encodings (SPEC §4: UTF-8 with/without BOM, GBK), delimiters, line numbers.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/io/csv-source.js';
import { wholeLinesEnd } from '../../src/io/line-decoder.js';
import { CASES, tempDir } from '../helpers.js';

async function readAll(file: string, encoding?: 'auto' | 'utf8' | 'gbk') {
  const src = await openCsv(file, { encoding });
  const rows = [];
  for await (const r of src.rows) rows.push(r);
  return { src, rows };
}

describe('encoding detection', () => {
  it('finds the BOM of Excel\'s "CSV UTF-8"', async () => {
    expect((await openCsv(path.join(CASES, 'customers-utf8-bom.csv'))).encoding).toBe('utf8-bom');
  });
  it('takes a file that is not valid UTF-8 as GBK, and decodes its Chinese header', async () => {
    const { src, rows } = await readAll(path.join(CASES, 'customers-gbk.csv'));
    expect(src.encoding).toBe('gb18030');
    expect(src.header.cells[0]).toBe('客户编号');
    expect(rows[0]?.cells[1]).toBe('苏州精测仪器有限公司');
  });
  it('finds GBK even when the first 64 KiB are plain ASCII', async () => {
    const { src, rows } = await readAll(path.join(CASES, 'customers-gbk-late.csv'));
    expect(src.encoding).toBe('gb18030');
    expect(rows[rows.length - 1]?.cells[1]).toBe('无锡华光仪表厂');
  });
  it('refuses UTF-16 with advice, and GBK forced as UTF-8', async () => {
    await expect(openCsv(path.join(CASES, 'customers-utf16.csv'))).rejects.toMatchObject({ key: 'csv.utf16' });
    // The Chinese header of line 1 is the first line that is not UTF-8.
    await expect(readAll(path.join(CASES, 'customers-gbk.csv'), 'utf8')).rejects.toMatchObject({
      key: 'csv.unreadable',
      problems: [{ line: 1, key: 'csv.notUtf8' }],
    });
  });
  it('--encoding gbk decodes GB18030-only characters too', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, iconv.encode('code,name\r\nA1,𠮷野家\r\n', 'gb18030'));
    const { rows } = await readAll(file, 'gbk');
    expect(rows[0]?.cells[1]).toBe('𠮷野家');
  });
});

describe('rows and their line numbers', () => {
  it('gives the line a row starts on, across quoted multi-line cells and blank lines', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    // line 1 header; line 2-4 one row; line 5 blank; line 6 a row; line 7 a row with CRLF.
    fs.writeFileSync(file, 'a,b\n1,"x\ny\nz"\n\n2,w\r\n3,中文\r\n');
    const { rows } = await readAll(file);
    expect(rows.map((r) => r.line)).toEqual([2, 6, 7]);
    expect(rows[0]?.cells[1]).toBe('x\ny\nz');
  });
  it('sniffs ; and tab delimiters from the header', async () => {
    const { src, rows } = await readAll(path.join(CASES, 'customers-english-semicolon.csv'));
    expect(src.delimiter).toBe(';');
    expect(rows[1]?.cells).toEqual(['E002', 'Ningbo Meter Works', '', '1200000', 'Li Na', '0574-87654321']);
  });
  it('reports an unclosed quote with its line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, 'a,b\n1,2\n3,"never closed\n');
    await expect(readAll(file)).rejects.toMatchObject({ key: 'csv.unreadable', problems: [{ line: 3, column: 'b', key: 'csv.quoteNotClosed' }] });
  });
});

describe('files that are not what they claim (issue 10)', () => {
  const write = (content: string | Buffer) => {
    const file = path.join(tempDir(), 'x.csv');
    fs.writeFileSync(file, content);
    return file;
  };

  it('decides the encoding on the first line that is not ASCII, however late, and names the first line that differs', async () => {
    // Lines 2..4001 are ASCII (over 64 KiB), line 4002 is UTF-8 Chinese, line 4003 is GBK.
    const ascii = Array.from({ length: 4000 }, (_, i) => `A${String(i).padStart(4, '0')},${'x'.repeat(12)}\r\n`).join('');
    const file = write(Buffer.concat([Buffer.from(`code,name\r\n${ascii}U1,甲公司\r\n`), iconv.encode('G1,乙公司\r\n', 'gb18030')]));
    await expect(readAll(file)).rejects.toMatchObject({
      key: 'csv.unreadable',
      problems: [{ line: 4003, key: 'csv.mixedNotUtf8', params: { first: 4002 } }],
    });
  });

  it('reads GBK with old Mac line endings (CR only) line by line', async () => {
    const { src, rows } = await readAll(write(iconv.encode('客户编号,客户名称\rK1,甲公司\rK2,乙公司\r', 'gb18030')));
    expect(src.encoding).toBe('gb18030');
    expect(rows).toEqual([
      { line: 2, cells: ['K1', '甲公司'] },
      { line: 3, cells: ['K2', '乙公司'] },
    ]);
  });

  it('stops at a row over 4 MiB (an unclosed quote swallowing the file), naming the line where it starts', async () => {
    const file = write(`code,name\nK1,"never closed\n${'x,y\n'.repeat(1_200_000)}`);
    await expect(readAll(file)).rejects.toMatchObject({ problems: [{ line: 2, key: 'csv.rowTooLong' }] });
  });

  it('stops at a line over 4 MiB without reading the rest of it into memory', async () => {
    const file = write(`code,name\nK1,${'x'.repeat(5 * 1024 * 1024)}\n`);
    await expect(readAll(file)).rejects.toMatchObject({ problems: [{ line: 2, key: 'csv.rowTooLong' }] });
  });
});

describe('whole lines', () => {
  it('end after the last line break, but not after a CR that may be half of a CRLF', () => {
    expect(wholeLinesEnd(Buffer.from('a\r\nb'))).toBe(3);
    expect(wholeLinesEnd(Buffer.from('a\r\nb\r'))).toBe(3);
    expect(wholeLinesEnd(Buffer.from('a\rb\rc'))).toBe(4);
    expect(wholeLinesEnd(Buffer.from('\r'))).toBe(0);
    expect(wholeLinesEnd(Buffer.from('abc'))).toBe(0);
  });
});

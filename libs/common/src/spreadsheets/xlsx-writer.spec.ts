import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { xlsxStream } from './xlsx-writer.js';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function firstSheet(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('xlsxStream', () => {
  it('writes the header and the rows as text cells, formula-like text included, in a named worksheet', async () => {
    const bytes = await bytesOf(
      xlsxStream(
        ['vin', '收货人', 'note'],
        [
          ['LGXCE4CB4R2104518', 'ООО "Автодом" <&>', '=HYPERLINK("http://evil","x")'],
          ['X', null, '+1'],
        ],
        { sheetName: 'Manifest' },
      ),
    );
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const sheet = await firstSheet(bytes);
    expect(sheet.name).toBe('Manifest');
    expect(sheet.getRow(1).values).toEqual([undefined, 'vin', '收货人', 'note']);
    const formula = sheet.getCell('C2');
    expect(formula.type).toBe(ExcelJS.ValueType.String);
    expect(formula.value).toBe('=HYPERLINK("http://evil","x")');
    expect(sheet.getCell('B2').value).toBe('ООО "Автодом" <&>');
    expect(sheet.getCell('B3').value).toBeNull();
    expect(sheet.getCell('C3').value).toBe('+1');
    expect(sheet.rowCount).toBe(3);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(17);
  });

  it('writes decimal columns as numbers that show their decimals, and keeps what is not a safe decimal as text', async () => {
    const bytes = await bytesOf(
      xlsxStream(
        ['vin', 'declaredValue', 'vehicleCount'],
        [
          ['A', '300000.50', 2],
          ['B', '12', null],
          ['C', '9999999999999999.99', null],
          ['D', 'n/a', null],
          ['E', '', null],
        ],
        { sheetName: 'Manifest', decimalColumns: ['declaredValue'] },
      ),
    );
    const sheet = await firstSheet(bytes);
    expect(sheet.getCell('B2').value).toBe(300000.5);
    expect(sheet.getCell('B2').numFmt).toBe('0.00');
    expect(sheet.getCell('C2').value).toBe(2);
    expect(sheet.getCell('B3').value).toBe(12);
    expect(sheet.getCell('B3').numFmt).toBe('0');
    expect(sheet.getCell('B4').value).toBe('9999999999999999.99');
    expect(sheet.getCell('B5').value).toBe('n/a');
    expect(sheet.getCell('B6').value).toBeNull();
  });

  it('streams 20,000 rows from an async source', async () => {
    async function* many(): AsyncGenerator<string[]> {
      for (let i = 0; i < 20_000; i++) yield await Promise.resolve([String(i), 'LGXCE4CB4R2104518']);
    }
    const sheet = await firstSheet(await bytesOf(xlsxStream(['n', 'vin'], many(), { sheetName: 'Big' })));
    expect(sheet.rowCount).toBe(20_001);
    expect(sheet.getCell('A20001').value).toBe('19999');
  });

  it('ends with the error of its source, also after rows have gone out', async () => {
    async function* failingLate(): AsyncGenerator<string[]> {
      for (let i = 0; i < 1_000; i++) yield await Promise.resolve([String(i)]);
      throw new Error('connection lost');
    }
    await expect(bytesOf(xlsxStream(['n'], failingLate(), { sheetName: 'S' }))).rejects.toThrow('connection lost');
  });

  it('stops reading its source (closing it) when the reader goes away', async () => {
    let read = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<string[]> {
      try {
        for (;;) {
          read += 1;
          yield await Promise.resolve([String(read), 'x'.repeat(100)]);
        }
      } finally {
        closed = true;
      }
    }
    const stream = xlsxStream(['n', 'text'], endless(), { sheetName: 'S' });
    stream.once('data', () => stream.destroy());
    await new Promise((resolve) => stream.once('close', resolve));
    for (let i = 0; i < 50 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
    const stopped = read;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(read).toBe(stopped);
  });

  it('waits for a slow reader instead of reading the whole source ahead', async () => {
    let read = 0;
    function* rows(): Generator<string[]> {
      for (let i = 0; i < 200_000; i++) {
        read += 1;
        yield [String(i), 'LGXCE4CB4R2104518 Song PLUS DM-i 长城汽车 ООО Автодом'];
      }
    }
    const stream = xlsxStream(['n', 'text'], rows(), { sheetName: 'S' });
    stream.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(read).toBeLessThan(200_000);
    stream.destroy();
  });
});

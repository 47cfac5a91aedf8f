import { Readable } from 'node:stream';
import { csvDocument, csvStream, safeCell } from './csv-writer.js';

async function textOf(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('safeCell', () => {
  it.each(['=HYPERLINK("http://evil","x")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'prefixes %j with a quote so a spreadsheet shows it as text',
    (cell) => {
      expect(safeCell(cell)).toBe(`'${cell}`);
    },
  );

  it('keeps ordinary text, numbers and empty cells as they are', () => {
    expect(safeCell('LGXCE4CB4R2104518')).toBe('LGXCE4CB4R2104518');
    expect(safeCell('a=b')).toBe('a=b');
    expect(safeCell(12)).toBe('12');
    expect(safeCell(null)).toBe('');
    expect(safeCell(undefined)).toBe('');
  });
});

describe('csvStream', () => {
  it('writes a UTF-8 BOM, the header and the rows with CRLF, quoting what needs it', async () => {
    const text = await textOf(
      csvStream(
        ['vin', '收货人', 'note'],
        [
          ['LGXCE4CB4R2104518', 'ООО "Автодом"', 'a, b'],
          ['X', null, '=1+1'],
        ],
      ),
    );
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe('vin,收货人,note\r\nLGXCE4CB4R2104518,"ООО ""Автодом""","a, b"\r\nX,,\'=1+1\r\n');
  });

  it('streams many rows without building them first', async () => {
    function* many(): Generator<string[]> {
      for (let i = 0; i < 20_000; i++) yield [String(i)];
    }
    const text = await textOf(csvStream(['n'], many()));
    expect(text.split('\r\n')).toHaveLength(20_002);
  });

  it('ends with the error of its source', async () => {
    async function* failing(): AsyncGenerator<string[]> {
      yield await Promise.resolve(['1']);
      throw new Error('database gone');
    }
    await expect(textOf(csvStream(['n'], failing()))).rejects.toThrow('database gone');
  });
});

describe('csvDocument', () => {
  it('writes a few rows exactly as csvStream writes them (BOM, CRLF, formula cells quoted)', async () => {
    const rows = [
      ['vin', '收货人'],
      ['=cmd', null],
    ];
    expect(csvDocument(rows)).toBe(await textOf(csvStream(rows[0] as string[], rows.slice(1))));
    expect(csvDocument(rows)).toBe("\uFEFFvin,收货人\r\n'=cmd,\r\n");
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvLineError, csvLineBatches } from './csvLines.js';

async function records(text: string, chunkSize = 7): Promise<{ line: number; cells: string[] }[]> {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
  const out: { line: number; cells: string[] }[] = [];
  for await (const batch of csvLineBatches(Readable.from(chunks.map((c) => Buffer.from(c))))) out.push(...batch);
  return out;
}

describe('csvLineBatches', () => {
  it('splits plain lines, trims OptionsDX padding and keeps line numbers across chunk boundaries', async () => {
    expect(await records('[A], [B]\r\n 1, 2\n3,4\n')).toEqual([
      { line: 1, cells: ['[A]', '[B]'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ]);
  });

  it('reads quoted cells such as OptionsDX sizes, and a quoted cell spanning lines', async () => {
    expect(await records('a, b, c\n1, "7 x 7", 2\n"x,\ny", 5, 6\n9, "say ""hi""", 0\n')).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', '7 x 7', '2'] },
      { line: 3, cells: ['x,\ny', '5', '6'] },
      { line: 5, cells: ['9', 'say "hi"', '0'] },
    ]);
  });

  it('reads a last line without a newline, and names the line of a quote never closed', async () => {
    expect(await records('a,b\n1,2')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
    await expect(records('a,b\n1,2\n"3,4\n5,6\n')).rejects.toEqual(new CsvLineError(3, 'a quoted field is never closed'));
  });
});

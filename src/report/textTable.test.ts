import { describe, expect, it } from 'vitest';
import { textTable } from './textTable.js';

describe('textTable', () => {
  it('pads names to the left and figures to the right, the widest cell setting each column', () => {
    expect(textTable(['variant', 'CAGR'], [['alvh-ladder', '-4.07 %'], ['unhedged', '0.41 %']])).toBe(
      ['variant         CAGR', 'alvh-ladder  -4.07 %', 'unhedged      0.41 %', ''].join('\n'),
    );
  });
});

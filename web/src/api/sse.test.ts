import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseEventStream, type ServerEvent } from './sse.js';

const stream = 'event: progress\ndata: {"variant":"a","doneDays":1,"totalDays":20}\n\n: keep-alive\n\nevent: done\ndata: {"id":"x"}\n\nevent: canc';

describe('server-sent event parsing', () => {
  it('returns complete events, skips comments and keeps the unfinished tail', () => {
    const { events, rest } = parseEventStream(stream);
    expect(events).toEqual([
      { event: 'progress', data: '{"variant":"a","doneDays":1,"totalDays":20}' },
      { event: 'done', data: '{"id":"x"}' },
    ]);
    expect(rest).toBe('event: canc');
  });

  it('joins multi-line data and reads CRLF line ends', () => {
    expect(parseEventStream('data: a\r\ndata: b\r\n\r\n').events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const events: ServerEvent[] = [];
        let buffer = '';
        let start = 0;
        for (const end of [...points, stream.length]) {
          const parsed = parseEventStream(buffer + stream.slice(start, end));
          events.push(...parsed.events);
          buffer = parsed.rest;
          start = end;
        }
        expect(events).toEqual(parseEventStream(stream).events);
      }),
    );
  });
});

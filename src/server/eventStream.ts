/**
 * Server-sent events of a job (a backtest or a sweep): every event is written as it comes, and the
 * stream ends after the first event that is not `progress` (done, error, cancelled) or when the client
 * leaves, unsubscribing from the job either way. A job already finished answers its final event at once,
 * during `subscribe`, so the stream can end before `subscribe` returns.
 */
import type { FastifyReply } from 'fastify';

export interface JobEvent {
  readonly event: string;
  readonly data: unknown;
}

export function streamJobEvents<E extends JobEvent>(reply: FastifyReply, subscribe: (send: (e: E) => void) => () => void): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  let unsubscribe: () => void = () => undefined;
  let ended = false;
  const send = (e: E) => {
    if (ended) return;
    res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
    if (e.event !== 'progress') {
      ended = true;
      unsubscribe();
      res.end();
    }
  };
  unsubscribe = subscribe(send);
  if (ended) unsubscribe();
  res.on('close', () => {
    ended = true;
    unsubscribe();
  });
}

/**
 * The queue's error, apart from the queue itself: the CLI tells it from others without loading BullMQ
 * and ioredis, which only a sweep on a queue or a worker needs.
 */
export class QueueSweepError extends Error {
  override name = 'QueueSweepError';
}

/**
 * Whether `promise` settles within `ms`. Redis commands wait while Redis is
 * down (BullMQ's connections retry without limit), so the callers that must
 * not wait on Redis (an enqueue, a shutdown) bound their wait with it.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

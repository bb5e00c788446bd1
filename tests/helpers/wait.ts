/** Polling the OS until something holds — tests wait for what they observe, never a fixed time. */

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Re-evaluates `probe` every `everyMs` until it returns something truthy, then returns that;
 * throws after `timeoutMs` naming `what`.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 5000,
  everyMs = 20,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(everyMs);
  }
}

/**
 * One message too large must cost its sender that one call, not the socket: closing the socket
 * (what `ws` does past `maxPayload`, code 1009) fails every call in flight on it and drops the
 * view's pushes. So `ws` is given a far larger hard limit, kept only to bound memory, and a
 * message between the two is answered with a typed `bad-request` before it is parsed.
 */
import type { ServerMessage } from '../../contract/ipc';

/** Past this, `ws` itself closes the socket (1009): a bound on what one client can make us buffer. */
export const HARD_MAX_PAYLOAD = 1024 * 1024;

/**
 * The answer to a message over `maxBytes`, or null if it is within. The caller's id is read from
 * the message's first bytes when it starts like one of ours (`{"id":N`), so the caller's promise
 * fails at once instead of waiting; the rest of the message is never parsed.
 */
export function oversizeAnswer(data: Buffer, maxBytes: number): ServerMessage | null {
  if (data.length <= maxBytes) return null;
  const head = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*,/.exec(data.subarray(0, 64).toString('latin1'));
  return {
    id: head ? Number(head[1]) : null,
    result: {
      ok: false,
      error: { code: 'bad-request', message: `message too large (${data.length} bytes, at most ${maxBytes})` },
    },
  };
}

/**
 * The browser's way to the engine: the contract's {@link LabApi} over the browser server's WebSocket
 * (`npm run serve`). Same channels, same arguments, same answers as Electron's IPC; the server
 * passes every message through the same door.
 */
import {
  SERVER_WS_PATH,
  createLabClient,
  unavailable,
  type ServerMessage,
  type ServerRequest,
  type LabApi,
  type PushChannel,
} from '../../../contract/ipc';

/**
 * Opens the socket to the browser server that served this page. The token comes from the page's own URL
 * (`?token=…`); the server also set it as an HttpOnly cookie, which the browser sends with the
 * upgrade, so a reload without the query still connects. `onClose` is told when the socket
 * closes for good.
 */
export function connectBridge(loc: Location = window.location, onClose: () => void = () => undefined): LabApi {
  const token = new URLSearchParams(loc.search).get('token');
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const socket = new WebSocket(`ws://${loc.host}${SERVER_WS_PATH}${query}`);
  // Take the token out of the address bar once it is in use: a projected screen should not
  // show it to the room (the cookie keeps a reload working).
  if (token) history.replaceState(history.state, '', `${loc.pathname}${loc.hash}`);
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>();
  let nextId = 1;

  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => resolve(true), { once: true });
    socket.addEventListener('close', () => resolve(false), { once: true });
  });
  socket.addEventListener('message', (ev: MessageEvent<string>) => {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(ev.data) as ServerMessage;
    } catch {
      return;
    }
    if ('push' in msg) {
      for (const l of listeners.get(msg.push) ?? []) l(msg.payload);
    } else if (msg.id !== null) {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve(unavailable('the browser server closed'));
    pending.clear();
    // The server ended (or the network dropped): nothing more will arrive, and the view must
    // say so rather than keep showing runs as live.
    onClose();
  });

  return createLabClient({
    async invoke(channel, args) {
      if (!(await opened) || socket.readyState !== WebSocket.OPEN)
        return unavailable('the browser server is not connected');
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, args } satisfies ServerRequest));
      });
    },
    listen(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
  });
}

import type { ChatClientOptions } from '@twurple/chat';
import { setTwurpleMockApiPort } from '../config/env.js';

/** Where the twurple clients connect: Twitch itself, or the local sandbox. */
export type TwitchTarget =
  | { kind: 'twitch' }
  | {
      kind: 'local';
      /** Port of the sandbox's IRC-over-WebSocket server on 127.0.0.1. */
      chatPort: number;
      /** Port of the sandbox's Helix + auth server (`/mock/...`, `/auth/validate`). */
      helixPort: number;
    };

/**
 * The ONE place that knows how twurple is pointed at the sandbox (twurple 8.2):
 * - `ChatClient` has no port option; in WebSocket mode ircv3 opens
 *   `ws(s)://${hostName}:${secure ? 443 : 80}`, so `hostName: '127.0.0.1:PORT/'` with `ssl: false`
 *   yields `ws://127.0.0.1:PORT/:80` (the sandbox accepts that path);
 * - `ApiClient` (and `@twurple/auth`'s token validation/refresh) call
 *   `http://localhost:PORT/mock/...` and `http://localhost:PORT/auth/...` when the
 *   `TWURPLE_MOCK_API_PORT` variable is set.
 * A twurple upgrade that changes either mechanism breaks only this file.
 */
export function chatConnectionOptions(target: TwitchTarget): Pick<ChatClientOptions, 'hostName' | 'ssl' | 'webSocket'> {
  if (target.kind === 'twitch') return { webSocket: true, ssl: true };
  return { hostName: `127.0.0.1:${target.chatPort}/`, ssl: false, webSocket: true };
}

/** Routes twurple's Helix/auth calls to the target (process-wide: twurple reads the variable per call). */
export function applyApiTarget(target: TwitchTarget): void {
  setTwurpleMockApiPort(target.kind === 'local' ? target.helixPort : undefined);
}

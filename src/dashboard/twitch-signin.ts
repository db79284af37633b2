import { ApiClient } from '@twurple/api';
import { StaticAuthProvider, exchangeCode, getTokenInfo, revokeToken } from '@twurple/auth';

/** What the dashboard needs to offer "Sign in with Twitch" (authorization code flow). */
export interface TwitchSignInOptions {
  clientId: string;
  clientSecret: string;
  /** Twitch's authorize page (`https://id.twitch.tv/oauth2/authorize`, or the sandbox's). */
  authorizeUrl: string;
  /** Channel logins -> broadcaster user ids (through the bot's Helix client). */
  channelIds(logins: readonly string[]): Promise<Map<string, string>>;
}

/** The moderator behind a sign-in, and the bot channels they may manage. */
export interface SignedInUser {
  login: string;
  userId: string;
  /** Bot channels where the user is the broadcaster or a moderator (checked through Helix). */
  channels: string[];
}

/** The one scope asked: lets Helix list the channels the user moderates. */
export const SIGN_IN_SCOPES = ['user:read:moderated_channels'] as const;

/** Sign-in URL for a moderator's browser. */
export function authorizeUrl(o: TwitchSignInOptions, redirectUri: string, state: string): string {
  const u = new URL(o.authorizeUrl);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', o.clientId);
  u.searchParams.set('redirect_uri', redirectUri);
  u.searchParams.set('scope', SIGN_IN_SCOPES.join(' '));
  u.searchParams.set('state', state);
  return u.toString();
}

/**
 * Turns the code Twitch sent back into the signed-in user and their channels: code -> token
 * (twurple `exchangeCode`), token -> user id and login (`validate`), then Helix "Get Moderated
 * Channels" with the user's own token, plus the channels they broadcast. The user token is revoked
 * once checked: the dashboard keeps nothing of it.
 */
export async function completeSignIn(o: TwitchSignInOptions, code: string, redirectUri: string, botChannels: readonly string[]): Promise<SignedInUser> {
  const token = await exchangeCode(o.clientId, o.clientSecret, code, redirectUri);
  try {
    const info = await getTokenInfo(token.accessToken, o.clientId);
    if (!info.userId || !info.userName) throw new Error('Twitch returned a token without a user');
    const userId = info.userId;
    const api = new ApiClient({ authProvider: new StaticAuthProvider(o.clientId, token.accessToken, [...SIGN_IN_SCOPES]) });
    const moderated = new Set<string>();
    for (const c of await api.moderation.getModeratedChannelsPaginated(userId).getAll()) moderated.add(c.id);
    const ids = await o.channelIds(botChannels);
    const channels = botChannels.filter((c) => {
      const id = ids.get(c);
      return id !== undefined && (id === userId || moderated.has(id));
    });
    return { login: info.userName.toLowerCase(), userId, channels };
  } finally {
    await revokeToken(o.clientId, token.accessToken).catch(() => undefined);
  }
}

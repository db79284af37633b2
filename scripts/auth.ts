// `npm run auth`: obtains the bot's first user token with Twitch's Device Code Grant flow and saves
// it to the token file (TWITCH_TOKEN_FILE, default data/token.json, mode 0600). The bot refreshes it
// from then on. Log in to Twitch AS THE BOT ACCOUNT in the browser before entering the code.
import { getTokenInfo } from '@twurple/auth';
import { BOT_SCOPES } from '../src/chat/scopes.js';
import { runDeviceCodeFlow } from '../src/twitch/device-flow.js';
import { writeTokenFile } from '../src/twitch/token-file.js';
import { loadEnv } from '../src/config/env.js';
import { ConfigError } from '../src/config/errors.js';

const USAGE = `Usage: npm run auth

Obtains the bot's Twitch user token by Twitch's device code flow and saves it to TWITCH_TOKEN_FILE
(default data/token.json, mode 0600). Needs TWITCH_CLIENT_ID in .env (a "Public" application from
https://dev.twitch.tv/console/apps). Log in to twitch.tv as the BOT account in your browser first,
then open the printed URL and authorise. Run it again whenever the bot says its token was refused.
Scopes: ${BOT_SCOPES.join(', ')}.`;

async function run(): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    console.log(USAGE);
    return;
  }
  const env = loadEnv();
  if (!env.twitchClientId) {
    throw new ConfigError(
      'TWITCH_CLIENT_ID is not set. Fix: register an application at https://dev.twitch.tv/console/apps (client type "Public"), then put its client id in .env (see .env.example).',
    );
  }
  console.log(`Requesting a token for scopes: ${BOT_SCOPES.join(', ')}`);
  const token = await runDeviceCodeFlow({
    clientId: env.twitchClientId,
    onPrompt: (p) => {
      console.log('');
      console.log(`  1. In a browser logged in as the BOT account, open: ${p.verificationUri}`);
      console.log(`  2. Check that the code shown is: ${p.userCode}`);
      console.log(`  3. Click "Authorize". The code expires in ${Math.round(p.expiresIn / 60)} minutes.`);
      console.log('');
      console.log('Waiting for authorisation...');
    },
  });
  const info = await getTokenInfo(token.accessToken, env.twitchClientId);
  if (env.botLogin && info.userName && env.botLogin !== info.userName.toLowerCase()) {
    console.warn(`Warning: the token belongs to "${info.userName}", but TWITCH_BOT_LOGIN is "${env.botLogin}".`);
  }
  writeTokenFile(env.tokenFile, { ...token, userId: info.userId ?? undefined, login: info.userName ?? undefined });
  console.log(`Saved the token of ${info.userName ?? 'the bot'} to ${env.tokenFile} (mode 0600). Now run: npm start`);
}

run().catch((err: unknown) => {
  console.error(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});

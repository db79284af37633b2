/**
 * Built-in examples of the semantic blocklist: spam seen in real Twitch chats (viewer/follower
 * selling bots, fake giveaways, crypto scams, "promotion" offers), in English and French. A
 * channel's list starts with these (unless `moderation.blocklist.seed` is false); moderators add
 * and remove examples with `!spam add|del`.
 */
export const SEED_BLOCKLIST: readonly string[] = [
  // Viewer / follower selling (EN)
  'Best viewers on streamboo .com',
  'Best viewers on bigfollows .com',
  'Wanna become famous? Buy followers, primes and viewers on bigfollows .com',
  'Wanna become famous? Buy followers and viewers on dogehype .com',
  'Cheap primes, followers and viewers on viewerboost .com',
  'Buy cheap followers, viewers and subs for your stream',
  'Hello, sorry for bothering you. I want to offer promotion of your channel, viewers, followers, views, chat bots',
  'Do you want more viewers and followers? Check out our service',
  'I can help you grow your channel and get more viewers, add me on discord',
  'Get real viewers and followers for your twitch channel, visit growstream .net',
  'Upgrade your stream with real viewers, followers and chatters at streamrise .com',
  // Fake giveaways and scams (EN)
  'Free giveaway of 1000 followers, click the link to claim',
  'Congratulations you have been selected for our giveaway, dm me to claim your prize',
  'Elon Musk is giving away bitcoin, send 0.1 BTC and receive 0.2 BTC back',
  'Join our crypto giveaway and claim your free bitcoin now',
  'Free Discord Nitro for 3 months from Steam, get it here',
  'Free skins giveaway, log in with steam to claim your reward',
  'I made 5000 dollars in one week with this crypto trading bot, ask me how',
  // Viewer / follower selling (FR)
  'Meilleurs viewers sur streamboo .com',
  'Tu veux devenir célèbre ? Achète des followers, des primes et des viewers sur bigfollows .com',
  'Des followers et des viewers pas chers pour ta chaîne sur streamboost .fr',
  'Augmente tes viewers et tes followers rapidement, rendez-vous sur viewerz .fr',
  'Salut, je peux t’aider à faire grandir ta chaîne Twitch, contacte-moi sur discord',
  'Achetez des vues, des followers et des abonnés pour votre live',
  // Fake giveaways and scams (FR)
  'Concours : gagne 1000 followers gratuits, clique sur le lien',
  'Félicitations tu as gagné notre concours, envoie-moi un message privé pour recevoir ton cadeau',
  'Bitcoin gratuit : envoie 0,1 BTC et reçois le double',
  'Nitro Discord gratuit pendant 3 mois offert par Steam, récupère-le ici',
  'Skins gratuits, connecte-toi avec Steam pour récupérer ta récompense',
];

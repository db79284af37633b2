/**
 * Synthetic chats with planted topics: three conversations interleaved, an emote wave and a `+1`
 * flood, with the topic each message was planted in.
 */

/** One planted message: text, topic name, time offset in seconds. */
export interface PlantedMessage {
  text: string;
  topic: 'nuclear' | 'football' | 'pizza' | 'emotes' | 'plus1';
  at: number;
}

export const NUCLEAR = [
  'le nucléaire c est l avenir',
  'vive le nucléaire',
  'nucléaire > charbon',
  'le nucléaire pollue moins',
  'les déchets nucléaires par contre',
  'Jancovici pro nucléaire',
  'le nucléaire coûte cher',
  'sortir du nucléaire = erreur',
  'la fusion nucléaire c est pas pour maintenant',
  'nucléaire ou charbon faut choisir',
  'le nucléaire français vieillit',
  'team nucléaire',
];

export const FOOTBALL = [
  'le match du PSG hier',
  'quel match du PSG',
  'Mbappé au PSG encore un an',
  'le PSG a gagné le match',
  'match nul du PSG',
  'le PSG contre Marseille',
  'Mbappé meilleur joueur du PSG',
  'prochain match PSG Marseille',
  'allez le PSG',
  'le PSG joue ce soir',
];

export const PIZZA = [
  'je mange une pizza',
  'pizza ananas = crime',
  'la pizza ananas c est bon',
  'pizza 4 fromages',
  'pizza ce soir',
  'team pizza ananas',
  'une pizza pendant le stream',
  'la meilleure pizza c est la margherita',
  'pizza froide le matin',
  'commande de pizza en cours',
];

export const EMOTES = [
  'ponceJAM ponceJAM ponceJAM',
  'ponceJAM ponceJAM',
  'ponceJAM ponceJAM ponceJAM ponceJAM',
  'ponceJAM',
  'ponceJAM ponceJAM ponceFLEUR',
  'ponceJAM ponceJAM ponceJAM ponceJAM ponceJAM',
  'ponceJAM ponceFLEUR ponceJAM',
  'ponceJAM ponceJAM',
  'ponceJAM ponceJAM ponceJAM',
  'ponceJAM ponceJAM ponceJAM ponceJAM',
  'ponceJAM',
  'ponceJAM ponceJAM ponceJAM',
];

export const PLUS1 = ['+1', '+1', '+1', '+1 !', '+1', '+1', '+1 grave', '+1', '+1', '+1', '+1', '+1'];

/**
 * The three conversations interleaved over ~5 minutes, an emote wave in the middle and a `+1`
 * flood at the end. Deterministic.
 */
export function plantedChat(): PlantedMessage[] {
  const out: PlantedMessage[] = [];
  const convs: [PlantedMessage['topic'], string[]][] = [
    ['nuclear', NUCLEAR],
    ['football', FOOTBALL],
    ['pizza', PIZZA],
  ];
  let t = 0;
  const longest = Math.max(...convs.map(([, m]) => m.length));
  for (let i = 0; i < longest; i++) {
    for (const [topic, msgs] of convs) {
      if (i < msgs.length) out.push({ text: msgs[i]!, topic, at: (t += 7) });
    }
    if (i === 5) for (const e of EMOTES) out.push({ text: e, topic: 'emotes', at: (t += 1) });
  }
  for (const p of PLUS1) out.push({ text: p, topic: 'plus1', at: (t += 1) });
  return out;
}

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
  'le nucléaire c est l avenir de l énergie en France',
  'le nucléaire reste une énergie bas carbone',
  'sans le nucléaire on rouvre des centrales à charbon',
  'les déchets du nucléaire c est quand même un vrai problème',
  'l énergie nucléaire coûte cher mais elle pollue peu',
  'Jancovici défend le nucléaire depuis des années',
  'le nucléaire français vieillit, il faut de nouveaux réacteurs',
  'les réacteurs nucléaires EPR ont pris beaucoup de retard',
  'la fusion nucléaire c est pas pour maintenant',
  'le nucléaire ça reste mieux que le gaz pour le climat',
  'sortir du nucléaire c est une erreur pour le climat',
  'le nucléaire et les renouvelables vont ensemble',
];

export const FOOTBALL = [
  'le match du PSG hier soir était incroyable',
  'Mbappé a marqué deux buts pendant le match',
  'le PSG joue encore un match ce week-end',
  'quel match, l arbitre a sifflé un penalty pour le PSG',
  'le PSG a gagné le match 3 à 1',
  'Mbappé est le meilleur joueur du PSG',
  'vous avez vu le but de Mbappé dans le match ?',
  'le prochain match du PSG c est contre Marseille',
  'le PSG contre Marseille, ce match va être chaud',
  'Mbappé va quitter le PSG après ce match ?',
];

export const PIZZA = [
  'ce soir je mange une pizza au fromage',
  'la pizza à l ananas c est un crime',
  'une pizza quatre fromages c est la meilleure pizza',
  'je commande une pizza pendant le stream',
  'pizza ananas jambon, team ananas',
  'la meilleure pizza c est la margherita',
  'qui mange une pizza devant le stream ce soir ?',
  'pizza au fromage de chèvre et miel, un régal',
  'je me fais une pizza maison ce soir',
  'pizza froide le lendemain matin, le meilleur',
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

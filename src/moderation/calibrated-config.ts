import type { ThresholdScale } from '../nlp/calibration/threshold-scale.js';
import type { ModerationConfig } from './config.js';

/**
 * The moderation settings with every similarity threshold turned from hash units (what the config
 * holds) into the encoder's own, through its calibration: the same false-match rate on unrelated
 * chat for every encoder. Margins become the difference of the mapped thresholds.
 */
export function calibratedModeration(cfg: ModerationConfig, scale: ThresholdScale): ModerationConfig {
  if (scale.isIdentity) return cfg;
  const t = (x: number): number => scale.threshold(x);
  return {
    ...cfg,
    repeat: { ...cfg.repeat, threshold: t(cfg.repeat.threshold) },
    flood: { ...cfg.flood, threshold: t(cfg.flood.threshold) },
    blocklist: {
      ...cfg.blocklist,
      threshold: t(cfg.blocklist.threshold),
      linkMargin: scale.margin(cfg.blocklist.threshold, cfg.blocklist.linkMargin),
      learnThreshold: t(cfg.blocklist.learnThreshold),
    },
    nuke: { ...cfg.nuke, threshold: t(cfg.nuke.threshold) },
  };
}

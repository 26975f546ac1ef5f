// Good or bad by meaning, never by sign: the segments' order from worst to best (modelInfo's
// `tier`: the model's explicit `rank`, else the order of the `min` bounds — docs/MODEL.md,
// "Extensions") says whether a customer's move from one segment to another is an improvement.
// A segment's change in count is judged by the moves behind it: customers coming in from worse
// segments or leaving for better ones are good news, the reverse bad news ("At risk +320" is
// bad, "Watch −1,019" good only when they left for a better segment).

/** Tiers by ordinal (model segments, then none and unscored: null, unranked). */
export function tiersOf(segments) {
  return [...segments.map((s, i) => (typeof s.tier === 'number' ? s.tier : segments.length - i)), null, null];
}

/** 'good' | 'bad' | 'same' for a move from ordinal a to ordinal b. */
export function moveTone(a, b, tiers) {
  const ta = tiers[a], tb = tiers[b];
  if (a === b || ta == null || tb == null || ta === tb) return 'same';
  return tb > ta ? 'good' : 'bad';
}

/**
 * The tone of segment o's change in a from→to matrix (w × w, from-major): 'good', 'bad' or
 * 'same', with the customers behind each side {tone, good, bad}.
 */
export function segmentTone(o, matrix, w, tiers) {
  let good = 0, bad = 0;
  for (let k = 0; k < w; k++) {
    if (k === o) continue;
    const inFrom = matrix[k * w + o], outTo = matrix[o * w + k];
    const toneIn = moveTone(k, o, tiers), toneOut = moveTone(o, k, tiers);
    if (toneIn === 'good') good += inFrom; else if (toneIn === 'bad') bad += inFrom;
    if (toneOut === 'good') good += outTo; else if (toneOut === 'bad') bad += outTo;
  }
  return { tone: good > bad ? 'good' : bad > good ? 'bad' : 'same', good, bad };
}

/** The ordinals of the worst tier's segments (the value "at risk"). */
export function worstOrdinals(segments) {
  const tiers = tiersOf(segments).slice(0, segments.length);
  const min = Math.min(...tiers);
  return tiers.map((t, o) => (t === min ? o : -1)).filter((o) => o >= 0);
}

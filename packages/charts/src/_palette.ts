// Paul Tol's "bright" qualitative scheme: distinguishable with the common colour-vision deficiencies
// (https://personal.sron.nl/~pault/#sec:qualitative); blue/red for the two classes as in the rest of aedetect.
export const BLUE = '#4477aa'
export const RED = '#ee6677'
export const GREEN = '#228833'
export const GREY = '#bbbbbb'
export const INK = '#222222'

/** Normal is blue, anomalous red, in every chart. */
export const CLASS_COLORS = { domain: ['normal', 'anomalous'], range: [BLUE, RED] }

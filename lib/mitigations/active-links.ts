// Which of a risk's mitigations are in force: the ones not retired. Every read that lists a risk's
// mitigations for the card, the matrix, a cell's editor or a deploy decision filters its links with
// this; the links of a retired mitigation, and the statuses cells recorded for it, stay stored.
export const activeLinks = { mitigation: { retiredAt: null } } as const;

// The detectors' public surface for the campaign runner and the app.
export * from "./types";
export * from "./registry";
export { findRefusal, refusalDetector } from "./refusal";
export { findPersonalData, luhnValid, personalDataDetector } from "./personal-data";
export { findProfanity, profanityDetector } from "./profanity";
export { loadLanguageIdentifier, languageDetector } from "./language";
export { findDisclaimer, disclaimerDetector } from "./disclaimer";
export { createModelJudge, JUDGE_SAMPLING } from "./model-judge";

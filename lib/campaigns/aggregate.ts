// Moved to lib/evidence/ (which owns evidence); this path stays only while other work still imports it.
export * from "../evidence/campaign-aggregate";

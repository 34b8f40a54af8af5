// The suites' public surface: schema, loader, hashes and which risks prompts can test.
export * from "./schema";
export * from "./load";
export * from "./risks";

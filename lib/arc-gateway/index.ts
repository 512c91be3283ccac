export * from "./gateway";
export * from "./allowlist";
export * from "./proxy";
export * from "./onboarding";

export * from "./private-link-scope";
export * from "./onboarding";
export * from "./gateway";
export * from "./allowlist";
export * from "./proxy";

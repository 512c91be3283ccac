export * from "./private-link-scope";
export * from "./onboarding";

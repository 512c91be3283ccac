export * from "./errors";
export * from "./cidr";
export * from "./regions";
export * from "./naming";
export * from "./tags";
export * from "./refs";
export * from "./exclusive";

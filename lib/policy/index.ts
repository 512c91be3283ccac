export * from "./rule";
export * from "./rules";
export * from "./pack";

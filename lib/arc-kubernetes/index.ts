export * from "./agents";
export * from "./cluster-connect";
export * from "./helm";
export * from "./chart";

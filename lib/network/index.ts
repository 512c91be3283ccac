export * from "./layout";
export * from "./check";
export * from "./hub";
export * from "./connection";
export * from "./spoke";
export * from "./domains";
export * from "./forwarding";

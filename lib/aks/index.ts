export * from "./facts";
export * from "./zone";
export * from "./private-cluster";
export * from "./api-server-endpoint";
export * from "./approval";

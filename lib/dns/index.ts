export * from "./catalogue";
export * from "./zones";

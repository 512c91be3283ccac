export * from "./association";

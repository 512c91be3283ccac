/**
 * The topology layer: the file's schema (`TopologySchema`, its types), its
 * loading and validation (`loadTopology`, `validateTopology`: every rule,
 * each problem with its field path and fix) and the resolved plan
 * (`planTopology`, `planStacks`) that the stacks and the command line read.
 */
export * from "./schema";
export * from "./load";
export * from "./plan";
export * from "./suppressions";

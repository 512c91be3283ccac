/**
 * The stacks the app builds from a plan (`buildStacks`), their base class
 * (`ArcStack`: `lib/hcl` HCL output), their backends and the publishing of
 * the output folder (journal and lock), and the policy pack over the built
 * stacks (`runPolicy`).
 */
export * from "./base";
export * from "./app";
export * from "./backend";
export * from "./hub-spoke-stack";
export * from "./gateway-stack";
export * from "./aks-approval-stack";
export * from "./kubernetes-stack";
export * from "./output";
export * from "./policy";

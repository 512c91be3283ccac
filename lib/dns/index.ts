// The private-link service catalogue lives in lib/core (lib/arc, lib/monitor and lib/aks use it without the zones); still exported here.
export { forwarderZones, knownZones, PRIVATE_LINK_SERVICES, zonesFor } from "../core";
export type { PrivateLinkService, PrivateLinkServiceName } from "../core";
export * from "./zones";

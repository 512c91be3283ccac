import { TopologyInput } from "../topology/schema";

/** Hub + N spokes with default spoke settings (servers NSG, resolver DNS), VPN, Arc private link, managed DNS. */
export function benchTopology(spokes: number): TopologyInput {
  return {
    name: "bench",
    location: "westeurope",
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" } },
    hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" } },
    privateLink: {},
    spokes: Array.from({ length: spokes }, (_, i) => ({ name: `s${i}`, addressSpace: [`10.${1 + Math.floor(i / 256)}.${i % 256}.0/24`] })),
  };
}

import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ArcConnectivityError, claimCapacity, resourceName, SubnetRef, VirtualNetworkRef } from "../core";
import { MAX_PEERINGS_PER_VIRTUAL_NETWORK, reservedRangeProblems, SubnetSpec, subnetProblems } from "./check";

export interface SpokeNetworkProps {
  /** Name prefix, usually the topology name. */
  readonly prefix: string;
  /** The spoke's name: the network is `vnet-<prefix>-<name>`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly addressSpace: readonly string[];
  /** @default - one subnet `snet-<prefix>-<name>` spanning the first address range */
  readonly subnets?: readonly SubnetSpec[];
  /** DNS servers of the network, e.g. the hub resolver's inbound IP. @default - Azure-provided DNS */
  readonly dnsServers?: readonly string[];
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The subnets of a spoke: the given ones, or one named `snet-<prefix>-<name>` spanning the first range. */
export function spokeSubnetSpecs(props: Pick<SpokeNetworkProps, "prefix" | "name" | "addressSpace" | "subnets">): readonly SubnetSpec[] {
  return props.subnets ?? [{ name: resourceName("subnet", props.prefix, props.name), addressPrefix: props.addressSpace[0] }];
}

/** A spoke virtual network and its subnets. */
export class SpokeNetwork extends Construct {
  public readonly virtualNetwork: VirtualNetworkRef;
  /** Subnets by name, in declaration order. */
  public readonly subnets: ReadonlyMap<string, SubnetRef>;

  constructor(scope: Construct, id: string, props: SpokeNetworkProps) {
    super(scope, id);
    const specs = spokeSubnetSpecs(props);
    const problems = [...reservedRangeProblems(this.node.path, props.addressSpace), ...subnetProblems(this.node.path, props.addressSpace, specs)];
    if (problems.length > 0) throw new ArcConnectivityError(problems);
    const name = resourceName("virtualNetwork", props.prefix, props.name);
    const vnet = new VirtualNetwork(this, "VirtualNetwork", {
      name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      addressSpace: [...props.addressSpace],
      dnsServers: props.dnsServers ? [...props.dnsServers] : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    // Read each attribute once: every read creates a token, and cdktf stores a full stack trace per token.
    const vnetName = vnet.name;
    this.virtualNetwork = { virtualNetworkId: vnet.id, virtualNetworkName: vnetName, label: name, location: props.location, virtualNetworkKey: this.node.path };
    const subnets = new Map<string, SubnetRef>();
    for (const spec of specs) {
      const subnet = new Subnet(this, `Subnet-${spec.name}`, {
        name: spec.name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: vnetName,
        addressPrefixes: [spec.addressPrefix],
      });
      subnets.set(spec.name, { subnetId: subnet.id, name: spec.name, location: props.location, virtualNetworkId: this.virtualNetwork.virtualNetworkId, virtualNetworkKey: this.node.path });
    }
    this.subnets = subnets;
  }
}

export interface HubSpokePeeringProps {
  readonly resourceGroupName: string;
  readonly hub: VirtualNetworkRef;
  readonly spoke: VirtualNetworkRef;
  /**
   * The hub gateway, when there is one: the hub side then allows gateway
   * transit, the spoke side uses the remote gateway, and both peerings wait
   * for the gateway to exist; the spoke side also waits for the hub side
   * (Azure refuses `use_remote_gateways` before both are in place).
   * @default - no gateway
   */
  readonly hubGateway?: ITerraformDependable;
}

/** Peerings in both directions between the hub and one spoke. */
export class HubSpokePeering extends Construct {
  constructor(scope: Construct, id: string, props: HubSpokePeeringProps) {
    super(scope, id);
    claimCapacity(this, `peerings:${props.hub.virtualNetworkKey}`, MAX_PEERINGS_PER_VIRTUAL_NETWORK, `a virtual network peers with at most ${MAX_PEERINGS_PER_VIRTUAL_NETWORK} others, and ${props.hub.label} would get one more`, "spread the spokes over more hubs (one topology file each)");
    const viaGateway = props.hubGateway !== undefined;
    const dependsOn = props.hubGateway ? [props.hubGateway] : undefined;
    const hubToSpoke = new VirtualNetworkPeering(this, "HubToSpoke", {
      name: resourceName("peering", "hub", "to", props.spoke.label),
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: props.hub.virtualNetworkName,
      remoteVirtualNetworkId: props.spoke.virtualNetworkId,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: viaGateway,
      dependsOn,
    });
    new VirtualNetworkPeering(this, "SpokeToHub", {
      name: resourceName("peering", props.spoke.label, "to", "hub"),
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: props.spoke.virtualNetworkName,
      remoteVirtualNetworkId: props.hub.virtualNetworkId,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      useRemoteGateways: viaGateway,
      // use_remote_gateways is accepted only once the hub side allows gateway transit.
      dependsOn: dependsOn ? [...dependsOn, hubToSpoke] : undefined,
    });
  }
}

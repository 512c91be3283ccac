import { LocalNetworkGateway } from "@cdktf/provider-azurerm/lib/local-network-gateway";
import { VirtualNetworkGatewayConnection } from "@cdktf/provider-azurerm/lib/virtual-network-gateway-connection";
import { Construct } from "constructs";
import { armIdArgument, fail, resourceName } from "../core";
import { GatewayType } from "./hub";

export interface SiteToSiteVpnOptions {
  /** Public IP of the on-premises VPN device. */
  readonly gatewayAddress: string;
  /** On-premises ranges reached through the tunnel. */
  readonly addressSpace: readonly string[];
  /** IPsec pre-shared key: pass a sensitive Terraform variable, never a literal. */
  readonly sharedKey: string;
}

export interface ExpressRouteCircuitOptions {
  /** ARM id of the ExpressRoute circuit. */
  readonly circuitId: string;
  /** Authorization key for a circuit in another subscription: a sensitive variable. @default - none (same subscription) */
  readonly authorizationKey?: string;
}

export interface OnPremisesConnectionProps {
  /** Name prefix: `con-<name>-onprem`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The hub gateway and its type. */
  readonly gatewayId: string;
  readonly gatewayType: GatewayType;
  /** Exactly one of `vpn` and `expressRoute`, matching the gateway type. */
  readonly vpn?: SiteToSiteVpnOptions;
  readonly expressRoute?: ExpressRouteCircuitOptions;
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The site-to-site VPN (with its local network gateway) or the ExpressRoute circuit connection of a hub gateway. */
export class OnPremisesConnection extends Construct {
  public readonly connection: VirtualNetworkGatewayConnection;

  constructor(scope: Construct, id: string, props: OnPremisesConnectionProps) {
    super(scope, id);
    const tags = props.tags ? { ...props.tags } : undefined;
    const name = resourceName("connection", props.name, "onprem");
    if ((props.vpn === undefined) === (props.expressRoute === undefined)) {
      fail(this.node.path, Object.keys(props).filter((k) => k === "vpn" || k === "expressRoute"), "a connection is either a site-to-site VPN or an ExpressRoute circuit connection", "set exactly one of vpn and expressRoute");
    }
    if (props.vpn) {
      if (props.gatewayType !== "Vpn") fail(`${this.node.path}.vpn`, props.gatewayType, "a site-to-site VPN needs a gateway of type Vpn", "set the hub gateway type to vpn");
      const local = new LocalNetworkGateway(this, "LocalNetworkGateway", {
        name: resourceName("localNetworkGateway", props.name, "onprem"),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        gatewayAddress: props.vpn.gatewayAddress,
        addressSpace: [...props.vpn.addressSpace],
        tags,
      });
      this.connection = new VirtualNetworkGatewayConnection(this, "Resource", {
        name,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        type: "IPsec",
        virtualNetworkGatewayId: props.gatewayId,
        localNetworkGatewayId: local.id,
        sharedKey: props.vpn.sharedKey,
        tags,
      });
    } else {
      const er = props.expressRoute as ExpressRouteCircuitOptions;
      if (props.gatewayType !== "ExpressRoute") fail(`${this.node.path}.expressRoute`, props.gatewayType, "an ExpressRoute circuit connection needs a gateway of type ExpressRoute", "set the hub gateway type to expressroute");
      this.connection = new VirtualNetworkGatewayConnection(this, "Resource", {
        name,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        type: "ExpressRoute",
        virtualNetworkGatewayId: props.gatewayId,
        expressRouteCircuitId: armIdArgument(er.circuitId),
        authorizationKey: er.authorizationKey,
        tags,
      });
    }
  }
}

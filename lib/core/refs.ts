/**
 * Plain references that constructs pass to each other. They live in core so
 * that a construct folder never imports a sibling folder to name a subnet.
 */
import { Construct } from "constructs";

export interface SubnetRef {
  /** ARM id of the subnet (usually a token). */
  readonly subnetId: string;
  /** The subnet's name, e.g. `GatewaySubnet` (used for the NSG rule on `GatewaySubnet`). */
  readonly name: string;
  /** Region of the subnet's virtual network. */
  readonly location: string;
  /** ARM id of the subnet's virtual network (usually a token): role grants that Azure checks on the network (AKS) are scoped to it. */
  readonly virtualNetworkId: string;
  /**
   * A stable key of the virtual network: its construct path, or its ARM id
   * when imported. Tokens are not stable keys, so constructs compare this.
   */
  readonly virtualNetworkKey: string;
}

export interface VirtualNetworkRef {
  readonly virtualNetworkId: string;
  /** The name as Terraform references it: a token when created here, so users of it wait for the network. */
  readonly virtualNetworkName: string;
  /** The literal name, for names and construct ids derived from it. */
  readonly label: string;
  readonly location: string;
  /** See `SubnetRef.virtualNetworkKey`. */
  readonly virtualNetworkKey: string;
}

/**
 * The construct that a `fromXxxId` import returns: it only carries the
 * existing resource's attributes, and creates nothing.
 */
export function importedReference<T extends object>(scope: Construct, id: string, attributes: T): Construct & T {
  return Object.assign(new Construct(scope, id), attributes);
}

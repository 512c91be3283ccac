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

/** Parts of an ARM resource id, case preserved. */
export interface ArmId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** `Microsoft.KeyVault/vaults` */
  readonly type: string;
  readonly name: string;
}

const ARM_ID = /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([-\w._()]+)\/providers\/([A-Za-z0-9.]+)\/([A-Za-z0-9]+)\/([^/]+)$/;

/** Parses a top-level ARM resource id, or returns undefined. */
export function parseArmId(id: string): ArmId | undefined {
  const m = ARM_ID.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1], resourceGroup: m[2], type: `${m[3]}/${m[4]}`, name: m[5] };
}

/**
 * The construct that a `fromXxxId` import returns: it only carries the
 * existing resource's attributes, and creates nothing.
 */
export function importedReference<T extends object>(scope: Construct, id: string, attributes: T): Construct & T {
  return Object.assign(new Construct(scope, id), attributes);
}

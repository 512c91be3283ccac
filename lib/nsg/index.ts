import { NetworkSecurityGroup, NetworkSecurityGroupSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-group";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { Construct } from "constructs";
import { ArcConnectivityError, fail, SubnetRef } from "../core";
import { arcProfileRules, ArcRuleProfile, DENY_INTERNET_OUTBOUND, ruleProblems, SecurityRuleSpec } from "./rules";

export * from "./rules";

export interface ArcNetworkSecurityGroupProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Which Arc service-tag rules to allow: `servers` (Entra ID, ARM) or `kubernetes` (adds Front Door and MCR). */
  readonly profile: ArcRuleProfile;
  /** Extra rules; checked with the profile's rules for collisions and ordering. @default - none */
  readonly additionalRules?: readonly SecurityRuleSpec[];
  /**
   * Close the rule set with `DenyInternetOutbound` (priority 4000).
   * @default true
   */
  readonly denyInternetOutbound?: boolean;
  /** Subnets to attach the NSG to; never `GatewaySubnet`. @default - none */
  readonly subnets?: readonly SubnetRef[];
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An NSG holding the Arc service-tag allow rules of one profile, closed by
 * an explicit deny of internet egress, with its rules inline so that
 * Terraform owns the whole rule set (drift is reverted).
 */
export class ArcNetworkSecurityGroup extends Construct {
  public readonly resource: NetworkSecurityGroup;
  public readonly networkSecurityGroupId: string;
  public readonly rules: readonly SecurityRuleSpec[];

  constructor(scope: Construct, id: string, props: ArcNetworkSecurityGroupProps) {
    super(scope, id);
    const base = arcProfileRules(props.profile).filter((r) => props.denyInternetOutbound !== false || r !== DENY_INTERNET_OUTBOUND);
    const additional = props.additionalRules ?? [];
    // Problems name the rule as the caller wrote it: additionalRules[i], or the profile's rule by name.
    const merged = [...base, ...additional];
    const problems = ruleProblems(this.node.path, merged, (i) => (i < base.length ? `${this.node.path}.profile ${props.profile} (${merged[i].name})` : `${this.node.path}.additionalRules[${i - base.length}] (${merged[i].name})`));
    if (problems.length > 0) throw new ArcConnectivityError(problems);
    const rules = [...merged].sort((a, b) => a.priority - b.priority);
    this.rules = rules;
    this.resource = new NetworkSecurityGroup(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      securityRule: rules.map(toRule),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.networkSecurityGroupId = this.resource.id;
    for (const subnet of props.subnets ?? []) this.associate(subnet);
  }

  /** Attaches the NSG to a subnet. `GatewaySubnet` is refused: Azure does not support an NSG there. */
  public associate(subnet: SubnetRef): void {
    if (subnet.name.toLowerCase() === "gatewaysubnet") {
      fail(`${this.node.path}.subnets`, subnet.name, "an NSG cannot be attached to GatewaySubnet", "attach it to workload subnets only");
    }
    new SubnetNetworkSecurityGroupAssociation(this, `Association-${subnet.name}`, {
      subnetId: subnet.subnetId,
      networkSecurityGroupId: this.networkSecurityGroupId,
    });
  }
}

function toRule(r: SecurityRuleSpec): NetworkSecurityGroupSecurityRule {
  return {
    name: r.name,
    priority: r.priority,
    direction: r.direction,
    access: r.access,
    protocol: r.protocol,
    sourceAddressPrefix: r.sourceAddressPrefix,
    sourcePortRange: r.sourcePortRange ?? "*",
    destinationAddressPrefix: r.destinationAddressPrefix,
    destinationPortRange: r.destinationPortRange,
    description: r.description,
  };
}

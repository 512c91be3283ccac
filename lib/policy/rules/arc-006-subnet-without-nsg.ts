import { TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { isLiteral, PolicyContext, PolicyRule, PolicyViolation } from "../rule";

/**
 * Subnets where Azure does not take an NSG, by their reserved names:
 * - `GatewaySubnet`: Microsoft Learn, "About VPN Gateway configuration
 *   settings" (gateway subnet: network security groups on it aren't
 *   supported and can stop VPN and ExpressRoute gateways);
 * - `AzureFirewallSubnet`, `AzureFirewallManagementSubnet`: Microsoft
 *   Learn, "Azure Firewall FAQ" ("Subnet level NSGs aren't required on the
 *   AzureFirewallSubnet, and are disabled to ensure no service
 *   interruption");
 * - `RouteServerSubnet`: Microsoft Learn, "Azure Route Server FAQ" (a
 *   network security group on RouteServerSubnet isn't supported).
 *
 * Not here: subnets delegated to `Microsoft.Network/dnsResolvers` (the DNS
 * Private Resolver's), `AzureBastionSubnet` and private endpoint subnets:
 * Azure takes an NSG on them (the resolver's subnets with rules that let
 * DNS in; Bastion's with its documented rules; an endpoint subnet's rules
 * apply to the endpoints once their network policies are on).
 */
export const NSG_NOT_SUPPORTED: readonly string[] = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"];

const exempt = new Set(NSG_NOT_SUPPORTED.map((n) => n.toLowerCase()));

/**
 * ARC-006: an `azurerm_subnet` that no
 * `azurerm_subnet_network_security_group_association` of its stack
 * references, unless Azure takes no NSG there (`NSG_NOT_SUPPORTED`).
 */
export const SUBNET_WITHOUT_NSG: PolicyRule = {
  id: "ARC-006",
  level: "warning",
  title: "a subnet without an NSG where Azure allows one",
  reason: "without a network security group nothing filters the subnet's traffic, and Azure's default rules allow all of the virtual network and outbound internet",
  fix: "attach an NSG: arcRules servers or kubernetes on a spoke (ArcNetworkSecurityGroup.associate in code)",
  types: ["azurerm_subnet"],
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    const subnet = node as TerraformResource;
    const name = context.arguments(subnet).name;
    if (typeof name === "string" && isLiteral(name) && exempt.has(name.toLowerCase())) return [];
    const associated = context.referencedBy(TerraformStack.of(subnet), "azurerm_subnet_network_security_group_association", "subnet_id").has(context.address(subnet));
    return associated ? [] : [{ detail: `subnet ${typeof name === "string" ? name : "(computed name)"} has no network security group`, value: name }];
  },
};

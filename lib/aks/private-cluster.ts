import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { ArcConnectivityError, cidrProblem, fail, isGuid, problem, SubnetRef } from "../core";
import { aksServiceCidrProblems, defaultDnsServiceIp } from "./facts";
import { aksPrivateZoneProblem } from "./zone";


/** `System` (AKS manages the zone), `None` (no zone; needs the public FQDN), or a zone this library creates or imports. */
export type AksPrivateDnsZone = "System" | "None" | { readonly zoneId: string; readonly zoneName: string };

export interface PrivateAksClusterProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Subnet of the default node pool. */
  readonly subnet: SubnetRef;
  /** @default - the cluster name */
  readonly dnsPrefix?: string;
  /** @default "System" */
  readonly privateDnsZone?: AksPrivateDnsZone;
  /** A public FQDN that resolves to the private IP. Required with zone `None`. @default false */
  readonly publicFqdnEnabled?: boolean;
  /** @default "Standard_D4ds_v5" */
  readonly vmSize?: string;
  /** @default 3 */
  readonly nodeCount?: number;
  /** @default - the AKS default */
  readonly kubernetesVersion?: string;
  /** Service CIDR; must not overlap any network. @default - the AKS default (10.0.0.0/16) */
  readonly serviceCidr?: string;
  /** Inside `serviceCidr`, not its network or first address. @default - .10 of `serviceCidr` (azurerm needs both or neither) */
  readonly dnsServiceIp?: string;
  /**
   * Entra ID tenant of the cluster's Kubernetes RBAC. azurerm requires it or
   * `adminGroupObjectIds` (it refuses the block with neither at validate).
   * @default - the tenant of the provider's credentials (`data.azurerm_client_config`)
   */
  readonly tenantId?: string;
  /** Entra ID groups that get cluster-admin. @default - none: grant the Azure Kubernetes Service RBAC roles instead */
  readonly adminGroupObjectIds?: readonly string[];
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A private AKS cluster: API server without a public address
 * (`private_cluster_enabled`, public FQDN off by default), Entra ID with
 * Azure RBAC and local accounts off, and a user-assigned control-plane
 * identity that holds Network Contributor on the node subnet's virtual
 * network (AKS links a custom zone to that network itself, which needs
 * `virtualNetworks/join/action` there: Azure/AKS#2711; Microsoft Learn
 * "Create a private Azure Kubernetes Service (AKS) cluster") and, for a
 * custom zone, Private DNS Zone Contributor on the zone, both granted
 * before the cluster is created.
 *
 * Throws (`ArcConnectivityError`) for zone `None` without the public FQDN,
 * a custom zone of the wrong name or region, a malformed service CIDR, one
 * that overlaps a range AKS reserves, and a DNS service IP outside it or on
 * its network or first address.
 */
export class PrivateAksCluster extends Construct {
  public readonly resource: KubernetesCluster;
  public readonly clusterId: string;
  /** `<dnsPrefix>-<hash>.<guid>.privatelink.<region>.azmk8s.io`, known after apply. */
  public readonly privateFqdn: string;
  public readonly identityPrincipalId: string;

  constructor(scope: Construct, id: string, props: PrivateAksClusterProps) {
    super(scope, id);
    const zone = props.privateDnsZone ?? "System";
    const publicFqdn = props.publicFqdnEnabled ?? false;
    if (zone === "None" && !publicFqdn) {
      fail(`${this.node.path}.privateDnsZone`, zone, 'private DNS zone "None" needs the public FQDN (the docs: with no zone, clients resolve the API server through the public FQDN)', 'set publicFqdnEnabled: true, or use "System" or a custom zone');
    }
    if (typeof zone === "object" && !Token.isUnresolved(zone.zoneName)) {
      const bad = aksPrivateZoneProblem(zone.zoneName, props.location);
      if (bad) fail(`${this.node.path}.privateDnsZone.zoneName`, zone.zoneName, bad, `use privatelink.${props.location}.azmk8s.io or <subzone>.privatelink.${props.location}.azmk8s.io`);
    }
    if (props.dnsServiceIp && !props.serviceCidr) {
      fail(`${this.node.path}.dnsServiceIp`, props.dnsServiceIp, "dnsServiceIp is an address of serviceCidr, and serviceCidr is not set", "set serviceCidr too, or leave both out for the AKS defaults");
    }
    if (props.serviceCidr && !Token.isUnresolved(props.serviceCidr) && cidrProblem(props.serviceCidr)) {
      fail(`${this.node.path}.serviceCidr`, props.serviceCidr, cidrProblem(props.serviceCidr) as string, "write it as network/prefix, e.g. 10.100.0.0/16");
    }
    if (props.serviceCidr && !Token.isUnresolved(props.serviceCidr) && !(props.dnsServiceIp && Token.isUnresolved(props.dnsServiceIp))) {
      const problems = aksServiceCidrProblems(props.serviceCidr, props.dnsServiceIp);
      if (problems.length > 0) throw new ArcConnectivityError(problems.map(([field, rule, fix]) => problem(`${this.node.path}.${field}`, field === "serviceCidr" ? props.serviceCidr : props.dnsServiceIp, rule, fix)));
    }
    (props.adminGroupObjectIds ?? []).forEach((id, i) => {
      if (!Token.isUnresolved(id) && !isGuid(id)) fail(`${this.node.path}.adminGroupObjectIds[${i}]`, id, "must be an Entra group object id (a GUID)", "copy it from `az ad group show --group <name> --query id`");
    });
    const dnsServiceIp = props.dnsServiceIp ?? (props.serviceCidr && !Token.isUnresolved(props.serviceCidr) ? defaultDnsServiceIp(props.serviceCidr) : undefined);
    const tags = props.tags ? { ...props.tags } : undefined;
    const identity = new UserAssignedIdentity(this, "Identity", {
      name: `id-${props.name}`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags,
    });
    this.identityPrincipalId = identity.principalId;
    const grants = [new RoleAssignment(this, "NetworkContributor", { scope: props.subnet.virtualNetworkId, roleDefinitionName: "Network Contributor", principalId: identity.principalId, principalType: "ServicePrincipal" })];
    if (typeof zone === "object") {
      grants.push(new RoleAssignment(this, "PrivateDnsZoneContributor", { scope: zone.zoneId, roleDefinitionName: "Private DNS Zone Contributor", principalId: identity.principalId, principalType: "ServicePrincipal" }));
    }
    this.resource = new KubernetesCluster(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      dnsPrefix: props.dnsPrefix ?? props.name,
      kubernetesVersion: props.kubernetesVersion,
      privateClusterEnabled: true,
      privateClusterPublicFqdnEnabled: publicFqdn,
      privateDnsZoneId: typeof zone === "object" ? zone.zoneId : zone,
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: props.tenantId ?? (props.adminGroupObjectIds?.length ? undefined : new DataAzurermClientConfig(this, "ClientConfig", {}).tenantId),
        adminGroupObjectIds: props.adminGroupObjectIds?.length ? [...props.adminGroupObjectIds] : undefined,
      },
      identity: { type: "UserAssigned", identityIds: [identity.id] },
      defaultNodePool: {
        name: "system",
        vmSize: props.vmSize ?? "Standard_D4ds_v5",
        nodeCount: props.nodeCount ?? 3,
        vnetSubnetId: props.subnet.subnetId,
        temporaryNameForRotation: "systemtmp",
      },
      networkProfile: { networkPlugin: "azure", networkPolicy: "azure", serviceCidr: props.serviceCidr, dnsServiceIp },
      // The grants must exist before AKS checks them at creation.
      dependsOn: grants,
      tags,
    });
    this.clusterId = this.resource.id;
    this.privateFqdn = this.resource.privateFqdn;
  }
}

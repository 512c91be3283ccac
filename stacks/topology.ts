/**
 * The topology file format: one zod schema that is the single source of
 * truth for the file, for the stack props types (`Topology`), and for the
 * generated JSON Schema (`schema/topology.schema.json`, for editors).
 *
 * Messages of custom checks are written as `rule :: fix`; `load.ts` adds the
 * field path and the value received.
 */
import * as z from "zod";
import { GATEWAY_SCENARIOS } from "../lib/arc/allowlist";
import { AZURE_REGION_NAMES, cidrProblem, isIpv4Address, LabelledCidr, parseArmId, parseCidr, resourceName, suggest } from "../lib/core";
import { PRIVATE_LINK_SERVICES } from "../lib/dns/catalogue";

const CIDR_PATTERN = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const ARM_ID_PATTERN = /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/;

const cidr = z
  .string()
  .regex(CIDR_PATTERN, { error: "must be an IPv4 CIDR :: write it as address/prefix, e.g. 10.1.0.0/24" })
  .superRefine((v, ctx) => {
    const p = cidrProblem(v);
    if (p && CIDR_PATTERN.test(v)) ctx.addIssue({ code: "custom", message: `${p} :: write the network address, e.g. ${v.replace(/\.\d+\//, ".0/")}`, input: v });
  })
  .meta({ description: "IPv4 CIDR, e.g. 10.0.0.0/24" });

const addressSpace = z.array(cidr).min(1, { error: "needs at least one address range :: add one, e.g. [10.1.0.0/24]" });

/** ARM id of a top-level resource of `type` (case-insensitive), e.g. `Microsoft.KeyVault/vaults`. */
export function armIdOf(type: string, example: string) {
  return z
    .string()
    .regex(ARM_ID_PATTERN, { error: `must be an ARM resource id :: use /subscriptions/<id>/resourceGroups/<rg>/providers/${type}/${example}` })
    .superRefine((v, ctx) => {
      const parsed = parseArmId(v);
      if (parsed && parsed.type.toLowerCase() !== type.toLowerCase()) {
        ctx.addIssue({ code: "custom", message: `must be the id of a ${type} resource, not ${parsed.type} :: use /subscriptions/<id>/resourceGroups/<rg>/providers/${type}/<name>`, input: v });
      }
    })
    .meta({ description: `ARM id of a ${type} resource` });
}

const anyArmId = z.string().regex(ARM_ID_PATTERN, { error: "must be an ARM resource id :: use /subscriptions/<id>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>" });

/** US Government, US DoD and China regions: not public cloud. */
const SOVEREIGN_REGION = /^(usgov|usdod|usnat|ussec|china)/;

const region = z
  .enum(AZURE_REGION_NAMES as [string, ...string[]], {
    error: (issue) => {
      if (typeof issue.input === "string" && SOVEREIGN_REGION.test(issue.input)) {
        return "is a sovereign-cloud region; this library (and the Arc gateway) supports the Azure public cloud only :: use a public-cloud region";
      }
      const s = typeof issue.input === "string" ? suggest(issue.input.replace(/\s+/g, ""), AZURE_REGION_NAMES) : undefined;
      return `must be an Azure region name (lower case, no spaces, as \`az account list-locations\` prints it) :: ${s ? `did you mean "${s}"?` : "e.g. westeurope or eastus2"}`;
    },
  })
  .meta({ description: "Azure region name, e.g. westeurope" });

const tags = z
  .record(z.string().min(1).max(512), z.string().max(256))
  .refine((t) => Object.keys(t).length <= 50, { error: "Azure allows at most 50 tags :: drop some" })
  .meta({ description: "Tags on every taggable resource" });

/** An optional resource group: an existing one (`create: false`) or one this stack creates. */
function resourceGroupField(example: string, defaultText: string) {
  return z
    .strictObject({
      name: z.string().regex(/^[-\w._()]{1,89}[-\w_()]$/, { error: `a resource group name is 1-90 of letters, digits, '-', '_', '.', '(' and ')', not ending in '.' :: e.g. ${example}` }),
      create: z.boolean().default(true),
    })
    .optional()
    .meta({ description: defaultText });
}

/** A short key that names networks or stacks: 1-24 of a-z, 0-9 and '-'. */
function shortName(kind: string, example: string) {
  return z.string().regex(/^[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?$/, { error: `a ${kind} name is 1-24 of a-z, 0-9 and '-', not starting or ending with '-' :: e.g. ${example}` });
}

/** Override of the unconfirmed short code of `<code>.his.arc.azure.com`. */
function hisRegionCodeField(description: string) {
  return z
    .string()
    .regex(/^[a-z0-9]{1,8}$/, { error: "a short region code is 1-8 of a-z, 0-9 :: e.g. weu" })
    .optional()
    .meta({ description });
}

const LocalBackend = z.strictObject({
  type: z.literal("local"),
  /** @default terraform.<stack>.tfstate in the stack's folder */
  path: z.string().min(1).optional().meta({ description: "State file path (a {stack} placeholder is replaced); default terraform.<stack>.tfstate in the stack folder" }),
});

const CloudBackend = z.strictObject({
  type: z.literal("cloud"),
  organization: z.string().min(1),
  workspacePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, { error: "a workspace name has only letters, digits, '-' and '_' :: remove other characters" })
    .default("")
    .meta({ description: "Workspace of each stack: prefix + stack name" }),
  hostname: z.string().min(1).default("app.terraform.io"),
});

const Backend = z.discriminatedUnion("type", [LocalBackend, CloudBackend], {
  error: "backend.type is local or cloud :: set type: local or type: cloud",
});

const OnPremises = z.strictObject({
  addressSpace: addressSpace.meta({ description: "On-premises ranges: overlap check and the VPN local network gateway" }),
  vpn: z
    .strictObject({
      gatewayAddress: z.string().refine(isIpv4Address, { error: "must be the public IPv4 address of the on-premises VPN device :: e.g. 203.0.113.10" }),
    })
    .optional()
    .meta({ description: "Site-to-site VPN; the shared key is the sensitive variable vpn_shared_key" }),
  expressRoute: z
    .strictObject({
      circuitId: armIdOf("Microsoft.Network/expressRouteCircuits", "<circuit>"),
    })
    .optional()
    .meta({ description: "ExpressRoute circuit connection; an authorization key (circuit in another subscription) is the sensitive variable expressroute_authorization_key" }),
});

const Gateway = z.strictObject({
  type: z.enum(["vpn", "expressroute"], { error: "a gateway type is vpn or expressroute :: pick one" }),
  sku: z.string().min(1).optional().meta({ description: "Default VpnGw1AZ (vpn) or ErGw1AZ (expressroute)" }),
});

const Hub = z.strictObject({
  addressSpace: addressSpace.meta({ description: "Hub ranges; the fixed layout takes the first /24 of the first one" }),
  gateway: Gateway.optional(),
  dnsResolver: z.boolean().default(true).meta({ description: "DNS Private Resolver with a static inbound IP" }),
});

export const DNS_MODES = ["managed", "existing", "policy"] as const;
export const ENDPOINT_TYPES = ["keyvault", "blob", "automation"] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];


const AccessMode = z.enum(["Open", "PrivateOnly"], { error: "an access mode is Open or PrivateOnly :: pick one" }).default("PrivateOnly");

const PrivateLink = z.strictObject({
  publicNetworkAccess: z.boolean().default(false).meta({ description: "Let machines also reach Arc over public networks; default false" }),
  dns: z
    .strictObject({
      mode: z.enum(DNS_MODES, { error: "dns.mode is managed, existing or policy :: pick one" }).default("managed"),
      zoneIds: z.record(z.string(), armIdOf("Microsoft.Network/privateDnsZones", "<zone>")).default({}).meta({ description: "Zone name -> existing zone id (mode existing)" }),
    })
    .default({ mode: "managed", zoneIds: {} }),
  monitor: z
    .strictObject({
      linkedResourceIds: z.array(anyArmId).default([]).meta({ description: "Log Analytics workspaces, data collection endpoints" }),
      ingestionAccessMode: AccessMode,
      queryAccessMode: AccessMode,
    })
    .optional(),
  endpoints: z
    .array(
      z
        .strictObject({
          type: z.enum(ENDPOINT_TYPES, { error: `an endpoint type is ${ENDPOINT_TYPES.join(", ")} :: pick one` }),
          resourceId: anyArmId,
        })
        .superRefine((e, ctx) => {
          const parsed = parseArmId(e.resourceId);
          const want = PRIVATE_LINK_SERVICES[e.type].resourceType;
          if (parsed && want && parsed.type.toLowerCase() !== want.toLowerCase()) {
            ctx.addIssue({ code: "custom", path: ["resourceId"], message: `a ${e.type} endpoint targets a ${want} resource, not ${parsed.type} :: fix the type or the id`, input: e.resourceId });
          }
        }),
    )
    .default([]),
  machinesResourceGroup: z.string().min(1).optional().meta({ description: "Resource group of the Arc machines in the onboarding commands; default the topology's resource group" }),
  hisRegionCode: hisRegionCodeField("Short code of <code>.his.arc.azure.com where the catalogue has none"),
});

const proxyUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, { error: "a proxy URL is http(s)://host:port :: e.g. http://proxy.contoso.com:3128" });

const ClusterProxy = z.strictObject({
  https: proxyUrl.meta({ description: "--proxy-https" }),
  http: proxyUrl.optional().meta({ description: "--proxy-http; default the https value" }),
  skipRange: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .meta({ description: "The whole --proxy-skip-range; it must cover the service CIDR and hold kubernetes.default.svc, .svc.cluster.local and .svc. Default: the service CIDR and those three" }),
  certificateFile: z.string().min(1).optional().meta({ description: "--proxy-cert: the proxy's CA certificate file" }),
  tlsInspection: z.boolean().default(false).meta({ description: "Whether the proxy terminates TLS; true is an error (the gateway does not support it)" }),
});

const GatewayCluster = z.strictObject({
  id: armIdOf("Microsoft.Kubernetes/connectedClusters", "<cluster>"),
  serviceCidr: cidr.meta({ description: "The cluster's service CIDR (ClusterIP range); always in the proxy skip range" }),
  proxy: ClusterProxy.optional(),
});

const ArcGatewayEntry = z.strictObject({
  name: shortName("gateway", "eu1"),
  location: region.optional().meta({ description: "Region of the gateway resource; default the topology's location" }),
  subscriptionId: z.guid({ error: "must be a subscription id (a GUID) :: or leave it out to use the topology's" }).optional(),
  resourceGroup: resourceGroupField("rg-arc-gateway", "Default: rg-<name>-arcgw-<gateway>, created"),
  apiVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, { error: "an ARM API version looks like 2026-07-15 :: fix it" }).optional().meta({ description: "Microsoft.HybridCompute/gateways and settings API version; default 2026-07-15" }),
  machines: z.array(armIdOf("Microsoft.HybridCompute/machines", "<machine>")).default([]).meta({ description: "Arc-enabled servers to associate" }),
  serverProxy: z.strictObject({ url: proxyUrl }).optional().meta({ description: "Proxy the servers use: azcmagent config set proxy.url" }),
  clusters: z.array(GatewayCluster).default([]).meta({ description: "Arc-enabled Kubernetes clusters to associate" }),
  scenarios: z.array(z.enum(GATEWAY_SCENARIOS, { error: `a scenario is one of ${GATEWAY_SCENARIOS.join(", ")} :: pick one` })).default([]).meta({ description: "Extra endpoints for the allowlist" }),
  hisRegionCode: hisRegionCodeField("Short code of <code>.his.arc.azure.com for the topology's location, where the catalogue has none"),
  keyVaults: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, { error: "a Key Vault name is 3-24 of letters, digits and '-' :: e.g. kv-contoso" })).default([]).meta({ description: "Vault names for the keyVault scenario (<vault>.vault.azure.net)" }),
});

export const ARC_RULES = ["servers", "kubernetes", "none"] as const;

const SUBNET_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/;

const Spoke = z.strictObject({
  name: shortName("spoke", "app1"),
  addressSpace,
  subnets: z
    .array(
      z.strictObject({
        name: z.string().regex(SUBNET_NAME, { error: "a subnet name is 1-80 of letters, digits, '.', '-', '_' :: e.g. workload" }),
        addressPrefix: cidr,
      }),
    )
    .min(1, { error: "list at least one subnet, or leave subnets out for one spanning the spoke :: remove subnets: []" })
    .optional()
    .meta({ description: "Default one subnet spanning the first range" }),
  arcRules: z.enum(ARC_RULES, { error: "arcRules is servers, kubernetes or none :: pick one" }).default("servers"),
  dnsLinks: z.boolean().default(false).meta({ description: "Link the private DNS zones to the spoke; default false: the spoke uses the hub resolver" }),
});

const KubernetesConnection = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("kubeconfig"),
      path: z.string().min(1).default("~/.kube/config").meta({ description: "kubeconfig file on the machine running Terraform" }),
      context: z.string().min(1).optional().meta({ description: "Context in the file; default its current context" }),
    }),
    z.strictObject({
      type: z.literal("token").meta({ description: "Host, token and CA certificate come from the Terraform variables kube_host, kube_token (sensitive) and kube_cluster_ca_certificate" }),
    }),
  ],
  { error: "connection.type is kubeconfig or token :: pick one" },
);

const guid = (what: string) => z.guid({ error: `must be ${what} (a GUID) :: copy it from Entra ID` });

const KubernetesClusterEntry = z.strictObject({
  name: shortName("cluster", "edge01").meta({ description: "Name of the connected cluster resource and of its stack" }),
  distribution: z.string().regex(/^[a-z0-9_]{1,40}$/, { error: "a distribution is a lower-case word such as generic, k3s, openshift :: fix it" }).default("generic"),
  infrastructure: z.string().regex(/^[a-z0-9_]{1,40}$/, { error: "an infrastructure is a lower-case word such as generic, azure_stack_hci, vsphere :: fix it" }).default("generic"),
  resourceGroup: resourceGroupField("rg-arc-k8s", "Resource group of the connected cluster; default rg-<name>-k8s-<cluster>, created"),
  location: region.optional().meta({ description: "Region of the connected cluster; default location (a private-link cluster must be in its scope's region)" }),
  connection: KubernetesConnection.default({ type: "kubeconfig", path: "~/.kube/config" }).meta({ description: "How Terraform reaches the cluster's API server" }),
  serviceCidr: cidr.meta({ description: "The cluster's service CIDR; always in the proxy skip range" }),
  proxy: ClusterProxy.optional(),
  gateway: shortName("gateway", "eu1").optional().meta({ description: "An arcGateways entry: the cluster connects through it (gateway topologies)" }),
  clusterConnect: z
    .strictObject({
      serviceAccount: z
        .strictObject({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: "a service account name is a DNS label :: e.g. arc-admin" }), namespace: z.string().min(1).default("default") })
        .optional()
        .meta({ description: "A service account whose token is the sensitive output cluster_connect_token" }),
      entraObjectIds: z.array(guid("an Entra object id")).default([]).meta({ description: "Users or groups bound by a ClusterRoleBinding" }),
      clusterRole: z.string().min(1).default("view").meta({ description: "Cluster role of the bindings; default view (least privilege)" }),
      azureRbacPrincipalIds: z.array(guid("an Entra object id")).default([]).meta({ description: "Principals given Azure Arc Kubernetes Viewer and Azure Arc Enabled Kubernetes Cluster User Role on the connected cluster" }),
    })
    .optional()
    .meta({ description: "Cluster connect (az connectedk8s proxy); not on private-link clusters" }),
  customLocations: z.boolean().default(false).meta({ description: "Whether custom locations will be enabled; not on private-link clusters" }),
  chart: z
    .strictObject({
      repository: z.string().regex(/^(oci|https?):\/\/\S+$/, { error: "a chart repository is an oci:// or https:// URL :: e.g. oci://mcr.microsoft.com/azurearck8s/batch1/stable" }),
      name: z.string().min(1).default("azure-arc-k8sagents"),
      version: z.string().regex(/^\d+\.\d+\.\d+([-+][\w.]+)?$/, { error: "an exact chart version :: e.g. 1.36.1 (never guessed: take it from az connectedk8s connect's logs)" }),
    })
    .meta({ description: "The Arc agents chart: repository and exact version, both required" }),
});

export const AKS_ZONE_CHOICES = ["custom", "System", "None"] as const;

const AksCluster = z.strictObject({
  name: shortName("cluster", "ops"),
  spoke: shortName("spoke", "aks").meta({ description: "The spoke whose subnet holds the nodes" }),
  subnet: z.string().regex(SUBNET_NAME, { error: "a subnet name is 1-80 of letters, digits, '.', '-', '_' :: e.g. nodes" }).optional().meta({ description: "Subnet of the nodes; default the spoke's first subnet" }),
  privateDnsZone: z
    .enum(AKS_ZONE_CHOICES, { error: `privateDnsZone is ${AKS_ZONE_CHOICES.join(", ")} :: pick one` })
    .optional()
    .meta({ description: "custom: the hub's [<subzone>.]privatelink.<location>.azmk8s.io, which the hub resolver serves; System: AKS's own zone; None: public DNS (needs publicFqdn). Default custom in a spoke that uses the hub resolver, else System" }),
  subzone: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, { error: "a subzone is 1-32 of a-z, 0-9 and '-' :: e.g. ops" })
    .optional()
    .meta({ description: "With privateDnsZone custom: the zone becomes <subzone>.privatelink.<location>.azmk8s.io" }),
  publicFqdn: z.boolean().default(false).meta({ description: "A public FQDN resolving to the private IP; default false" }),
  dnsPrefix: z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/, { error: "a DNS prefix is 1-54 of letters, digits and '-' :: e.g. ops" }).optional().meta({ description: "Default the cluster's resource name" }),
  vmSize: z.string().min(1).default("Standard_D4ds_v5"),
  nodeCount: z.int().min(1).max(1000).default(3),
  kubernetesVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/, { error: "a Kubernetes version looks like 1.33 :: fix it or leave it out for the AKS default" }).optional(),
  serviceCidr: cidr.optional().meta({ description: "Service CIDR; default the AKS default 10.0.0.0/16. It must not overlap the hub, the spokes or on-premises" }),
  dnsServiceIp: z.string().refine(isIpv4Address, { error: "must be an IPv4 address inside serviceCidr :: e.g. 10.100.0.10" }).optional().meta({ description: "Default the .10 address of serviceCidr" }),
});

const AksPrivateAccess = z.strictObject({
  name: shortName("access", "partner"),
  clusterId: armIdOf("Microsoft.ContainerService/managedClusters", "<cluster>"),
  region: region.meta({ description: "The cluster's region: the hub zone is privatelink.<region>.azmk8s.io" }),
  privateFqdn: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.privatelink\.[a-z0-9]+\.azmk8s\.io$/i, { error: "a private cluster FQDN ends with .privatelink.<region>.azmk8s.io :: copy it from az aks show --query privateFqdn" })
    .meta({ description: "The cluster's private FQDN (az aks show --query privateFqdn)" }),
  crossTenant: z.boolean().default(false).meta({ description: "The cluster is in another Entra tenant: manual approval" }),
  requestMessage: z.string().min(1).max(140, { error: "a request message has at most 140 characters :: shorten it" }).optional().meta({ description: "Shown to the cluster owner; required with manual approval (cross-tenant or cross-subscription)" }),
  approval: z
    .strictObject({
      tenantId: z.guid({ error: "must be a tenant id (a GUID) :: or leave it out for the environment's" }).optional().meta({ description: "The cluster owner's tenant" }),
    })
    .optional()
    .meta({ description: "Approval as code: a stack <name>-aks-approval-<access name> for the cluster owner, with its own provider" }),
});

export const TopologySchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Path of this JSON Schema, for editors" }),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$/, { error: "a name is 2-20 of a-z, 0-9 and '-', not starting or ending with '-' :: e.g. contoso" })
      .meta({ description: "Prefix of resource and stack names" }),
    location: region,
    subscriptionId: z.guid({ error: "must be a subscription id (a GUID) :: e.g. 00000000-0000-0000-0000-000000000000, or leave it out to use the environment's" }).optional(),
    resourceGroup: resourceGroupField("rg-contoso-connectivity", "Default: rg-<name>-connectivity, created"),
    tags: tags.default({}),
    backend: Backend.default({ type: "local" }),
    onPremises: OnPremises.optional().meta({ description: "The on-premises network; needed with a hub" }),
    hub: Hub.optional().meta({ description: "The hub network; needed for privateLink and spokes" }),
    privateLink: PrivateLink.optional().meta({ description: "Arc Private Link Scope and its endpoint in the hub" }),
    spokes: z.array(Spoke).default([]),
    arcGateways: z.array(ArcGatewayEntry).default([]).meta({ description: "Arc gateways (one stack each); not together with privateLink" }),
    aksClusters: z.array(AksCluster).default([]).meta({ description: "Private AKS clusters to create in spokes" }),
    aksPrivateAccess: z.array(AksPrivateAccess).default([]).meta({ description: "Private endpoints in the hub to API servers of private AKS clusters elsewhere" }),
    kubernetes: z
      .strictObject({ clusters: z.array(KubernetesClusterEntry).default([]) })
      .default({ clusters: [] })
      .meta({ description: "Arc-enabled Kubernetes clusters whose agents Terraform installs (one stack each)" }),
  })
  .meta({ title: "Azure Arc private connectivity topology" });

export type TopologyInput = z.input<typeof TopologySchema>;
/** The validated topology: the props of the stacks. */
export type Topology = z.output<typeof TopologySchema>;
export type SpokeConfig = Topology["spokes"][number];
export type PrivateLinkConfig = NonNullable<Topology["privateLink"]>;
export type BackendConfig = Topology["backend"];
export type ArcGatewayConfig = Topology["arcGateways"][number];
export type HubConfig = NonNullable<Topology["hub"]>;
export type AksClusterConfig = Topology["aksClusters"][number];
export type AksPrivateAccessConfig = Topology["aksPrivateAccess"][number];
export type KubernetesClusterConfig = Topology["kubernetes"]["clusters"][number];

/** The resource group of the hub-and-spoke stack: `resourceGroup.name`, default `rg-<name>-connectivity`. */
export function connectivityResourceGroupName(t: Pick<Topology, "name" | "resourceGroup">): string {
  return t.resourceGroup?.name ?? resourceName("resourceGroup", t.name, "connectivity");
}

/** How a spoke's machines resolve names: zone links, the hub resolver, or Azure DNS without the hub's zones. */
export type SpokeDns = "links" | "resolver" | "azure";

export function spokeDns(t: Topology, s: SpokeConfig): SpokeDns {
  if (s.dnsLinks) return "links";
  return t.hub?.dnsResolver ? "resolver" : "azure";
}

/** The address ranges of the hub, on-premises and the spokes, labelled with their field paths (valid CIDRs only). */
export function networkRanges(t: Pick<Topology, "hub" | "onPremises" | "spokes">): LabelledCidr[] {
  const labelled = (prefix: string, texts: readonly string[] = []) => texts.flatMap((text, i) => (cidrProblem(text) === undefined ? [{ label: `${prefix}.addressSpace[${i}]`, cidr: parseCidr(text) }] : []));
  return [...labelled("hub", t.hub?.addressSpace), ...labelled("onPremises", t.onPremises?.addressSpace), ...t.spokes.flatMap((s, si) => labelled(`spokes[${si}]`, s.addressSpace))];
}

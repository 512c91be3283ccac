/**
 * The topology file format: one zod schema that is the single source of
 * truth for the file, for the stack props types (`Topology`), and for the
 * generated JSON Schema (`schema/topology.schema.json`, for editors).
 *
 * Written with `zod/mini`, zod's functional API: the same validation and
 * JSON Schema as classic zod, but its schemas carry no per-instance method
 * closures, which makes the app's start-up (building ~200 schemas that
 * parse one file) cheaper in time and memory.
 *
 * Messages of custom checks are written as `rule :: fix`; `load.ts` adds the
 * field path and the value received.
 */
import * as z from "zod/mini";
import { GATEWAY_SCENARIOS } from "../lib/arc-gateway/allowlist";
import { AZURE_REGION_NAMES, canonicalArmId, cidrProblem, editDistance, isIpv4Address, parseArmId, parseCidr, suggest } from "../lib/core";
import { PRIVATE_LINK_SERVICES } from "../lib/core/private-link-services";
import { EXACT_VERSION } from "../lib/arc-kubernetes/chart";
import { DNS_DOMAIN } from "../lib/network/domains";
import { MONITOR_SCOPED_TYPES } from "../lib/monitor/facts";
import { MAX_REQUEST_MESSAGE_LENGTH } from "../lib/private-endpoint";
import { POLICY_RULE_IDS } from "../lib/policy/rules";
import { azureStateKey, StackNaming, stackNames } from "./facts";

/** A copy of `schema` with JSON Schema metadata (classic zod's `.meta()`). */
function meta<T extends z.ZodMiniType>(schema: T, metadata: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, metadata);
  return copy;
}

/** A copy of `schema` with a description for the JSON Schema. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => meta(schema, { description });

// Plain property reads (not destructuring), so that the bundler can still tree-shake the rest of zod's namespace.
const optional = z.optional;
const withDefault = z._default;

const CIDR_PATTERN = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
/** The shape of a top-level ARM id (eight segments); `parseArmId` checks the rest, in any casing. JSON Schema patterns have no case-insensitive flag. */
const ARM_ID_SHAPE = /^(\/[^/\s]+){8}$/;

/** A string matching `pattern`, with the `rule :: fix` message when it does not. */
const matching = (pattern: RegExp, error: string) => z.string().check(z.regex(pattern, { error }));

const cidr = described(
  matching(CIDR_PATTERN, "must be an IPv4 CIDR :: write it as address/prefix, e.g. 10.1.0.0/24").check(
    z.superRefine((v, ctx) => {
      const p = cidrProblem(v);
      // A string of the wrong shape has its message from the pattern already.
      if (!p || !CIDR_PATTERN.test(v)) return;
      const hostBits = p.startsWith("has host bits");
      ctx.addIssue({ code: "custom", message: `${p} :: ${hostBits ? `write the network address: ${parseCidr(v).text}` : "write it as address/prefix, e.g. 10.1.0.0/24"}`, input: v });
    }),
  ),
  "IPv4 CIDR, e.g. 10.0.0.0/24",
);

const addressSpace = z.array(cidr).check(z.minLength(1, { error: "needs at least one address range :: add one, e.g. [10.1.0.0/24]" }));

/**
 * The ARM id of a top-level resource of one of `types`, in any casing Azure
 * accepts (`az` often prints `/resourcegroups/` and `microsoft.network/...`);
 * the validated topology holds it in the casing the providers' id parsers
 * require (`canonicalArmId`).
 */
export function armIdOf(types: string | readonly string[], example: string) {
  const list = typeof types === "string" ? [types] : types;
  const shown = list.join(" or ");
  const fix = `use /subscriptions/<subscription id>/resourceGroups/<rg>/providers/${list[0]}/${example}`;
  return described(
    z.pipe(
      matching(ARM_ID_SHAPE, `must be an ARM resource id :: ${fix}`).check(
        z.superRefine((v, ctx) => {
          if (!ARM_ID_SHAPE.test(v)) return;
          const parsed = parseArmId(v);
          if (!parsed) ctx.addIssue({ code: "custom", message: `must be an ARM resource id (/subscriptions/<GUID>/resourceGroups/<1-90 of letters, digits, -_.()>/providers/<namespace>/<type>/<name>) :: ${fix}`, input: v });
          else if (!list.some((t) => t.toLowerCase() === parsed.type.toLowerCase())) ctx.addIssue({ code: "custom", message: `must be the id of a ${shown} resource, not ${parsed.type} :: ${fix}`, input: v });
        }),
      ),
      z.transform((v: string) => canonicalArmId(v) ?? v),
    ),
    `ARM id of a ${shown} resource (any casing)`,
  );
}

/** US Government, US DoD and China regions: not public cloud. */
const SOVEREIGN_REGION = /^(usgov|usdod|usnat|ussec|china)/;

const region = described(
  z.enum(AZURE_REGION_NAMES as [string, ...string[]], {
    error: (issue) => {
      if (typeof issue.input === "string" && SOVEREIGN_REGION.test(issue.input)) {
        return "is a sovereign-cloud region; this library (and the Arc gateway) supports the Azure public cloud only :: use a public-cloud region";
      }
      const s = typeof issue.input === "string" ? suggest(issue.input.replace(/\s+/g, ""), AZURE_REGION_NAMES) : undefined;
      return `must be an Azure region name (lower case, no spaces, as \`az account list-locations\` prints it) :: ${s ? `did you mean "${s}"?` : "e.g. westeurope or eastus2"}`;
    },
  }),
  "Azure region name, e.g. westeurope",
);

const tags = described(
  z
    .record(
      z.string().check(
        z.minLength(1, { error: "a tag name is 1-512 characters :: rename it" }),
        z.maxLength(512, { error: "a tag name is 1-512 characters :: rename it" }),
        z.regex(/^[^<>%&\\?/]*$/, { error: "Azure refuses the characters < > % & \\ ? / in tag names :: rename it" }),
      ),
      z.string().check(z.maxLength(256, { error: "a tag value has at most 256 characters :: shorten it" })),
    )
    .check(
      z.refine((t) => Object.keys(t).length <= 50, { error: "Azure allows at most 50 tags :: drop some" }),
      z.superRefine((t, ctx) => {
        // Azure compares tag names case-insensitively: two names that differ only in casing are one tag.
        const seen = new Map<string, string>();
        for (const name of Object.keys(t)) {
          const first = seen.get(name.toLowerCase());
          if (first !== undefined) ctx.addIssue({ code: "custom", message: `names "${first}" and "${name}" differ only in casing, and Azure compares tag names case-insensitively :: keep one of them`, input: t });
          else seen.set(name.toLowerCase(), name);
        }
      }),
    ),
  "Tags on every taggable resource",
);

/** A non-empty string. */
const text = () => z.string().check(z.minLength(1, { error: "must not be empty :: write a value" }));

/** A resource group name: 1-90 of ARM's characters, not ending in `.` (the azurerm `resource_group_name` rule). */
function resourceGroupName(example: string) {
  return matching(/^[-\w._()]{0,89}[-\w_()]$/, `a resource group name is 1-90 of letters, digits, '-', '_', '.', '(' and ')', not ending in '.' :: e.g. ${example}`);
}

/** A DNS label (Kubernetes object names): 1-63 of a-z, 0-9 and '-', not starting or ending with '-'. */
function dnsLabel(what: string, example: string) {
  return matching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, `a ${what} is 1-63 of a-z, 0-9 and '-', not starting or ending with '-' :: e.g. ${example}`);
}

/** An optional resource group: an existing one (`create: false`) or one this stack creates. */
function resourceGroupField(example: string, defaultText: string) {
  return described(
    optional(
      z.strictObject({
        name: resourceGroupName(example),
        create: withDefault(z.boolean(), true),
      }),
    ),
    defaultText,
  );
}

/** A short key that names networks or stacks: 1-24 of a-z, 0-9 and '-'. */
function shortName(kind: string, example: string) {
  return matching(/^[a-z0-9]([a-z0-9-]{0,22}[a-z0-9])?$/, `a ${kind} name is 1-24 of a-z, 0-9 and '-', not starting or ending with '-' :: e.g. ${example}`);
}

/** Override of the unconfirmed short code of `<code>.his.arc.azure.com`. */
function hisRegionCodeField(description: string) {
  return described(optional(matching(/^[a-z0-9]{1,8}$/, "a short region code is 1-8 of a-z, 0-9 :: e.g. weu")), description);
}

const LocalBackend = z.strictObject({
  type: z.literal("local"),
  path: described(
    optional(
      text().check(
        z.regex(/^(?![\s\S]*[$%]\{)/, { error: "Terraform reads backend settings literally and cannot escape ${ or %{ in them :: choose a path without them" }),
        z.regex(/\{stack\}/, { error: "every stack has its own state, and a path without {stack} would give them one file :: put {stack} in the file name, e.g. state/{stack}.tfstate" }),
      ),
    ),
    "State file of each stack ({stack} is replaced by the stack name), relative to the project root (the folder the command runs in) unless absolute, outside the output folder; default state/terraform.<stack>.tfstate",
  ),
});

const CloudBackend = z.strictObject({
  type: z.literal("cloud"),
  organization: matching(/^[A-Za-z0-9_-]{1,64}$/, "a Terraform Cloud organization name is 1-64 of letters, digits, '-' and '_' :: copy it from the organization's settings"),
  workspacePrefix: described(withDefault(matching(/^[A-Za-z0-9_-]*$/, "a workspace name has only letters, digits, '-' and '_' :: remove other characters"), ""), "Workspace of each stack: prefix + stack name"),
  hostname: withDefault(matching(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/, "a hostname is a DNS name (with an optional :port) :: e.g. app.terraform.io"), "app.terraform.io"),
  project: described(
    optional(matching(/^[\w-][\w -]{1,38}[\w-]$/, "a Terraform Cloud project name is 3-40 of letters, digits, spaces, '-' and '_', not starting or ending with a space :: copy it from the organization's Projects page")),
    "Project of the workspaces (it must exist); default the organization's default project",
  ),
});

/** Azure's limit on a blob name, in characters: a stack's state key (`<keyPrefix><stack>.tfstate`) must fit. */
export const MAX_BLOB_NAME_LENGTH = 1024;
/** Azure's limit on the path segments (folders and the name) of a blob name. */
const MAX_BLOB_PATH_SEGMENTS = 254;

const AzurermBackend = z.strictObject({
  type: z.literal("azurerm"),
  storageAccountName: described(matching(/^[a-z0-9]{3,24}$/, "a storage account name is 3-24 of a-z and 0-9 :: e.g. stcontosotfstate"), "Storage account of the state blobs (Entra ID auth: use_azuread_auth, no access key)"),
  containerName: described(
    matching(/^(?=[\s\S]{3,63}$)[a-z0-9](-?[a-z0-9])*$/, "a blob container name is 3-63 of a-z, 0-9 and '-', starting and ending with a letter or digit, without two '-' in a row :: e.g. tfstate"),
    "Blob container of the state blobs",
  ),
  resourceGroupName: described(optional(resourceGroupName("rg-tfstate")), "Resource group of the storage account; Entra ID auth does not need it"),
  subscriptionId: described(optional(z.guid({ error: "must be a subscription id (a GUID) :: the storage account's, e.g. 00000000-0000-0000-0000-000000000000, or leave it out" })), "Subscription of the storage account; default the environment's (ARM_SUBSCRIPTION_ID / az login)"),
  tenantId: described(optional(z.guid({ error: "must be a tenant id (a GUID) :: or leave it out for the signed-in tenant (ARM_TENANT_ID / az login)" })), "Entra tenant to sign in to; default the environment's"),
  keyPrefix: described(
    withDefault(
      z.string().check(
        z.regex(/^[^\u0000-\u001f\u007f-\u009f\\]*$/, { error: "a key prefix is part of a blob name: no control characters, and no backslash ('/' separates folders) :: e.g. arc/prod/" }),
        z.regex(/^(?![\s\S]*[$%]\{)/, { error: "Terraform reads backend settings literally and cannot escape ${ or %{ in them :: choose a key prefix without them" }),
        z.regex(/^(?![\s\S]*\.\/)/, { error: "a folder of a blob name does not end with '.' (Azure Storage) :: remove the '.' before the '/'" }),
        z.regex(new RegExp(`^([^/]*/){0,${MAX_BLOB_PATH_SEGMENTS - 1}}[^/]*$`), { error: `a blob name has at most ${MAX_BLOB_PATH_SEGMENTS} path segments (Azure Storage), so a key prefix has at most ${MAX_BLOB_PATH_SEGMENTS - 1} '/' :: use fewer folders` }),
      ),
      "",
    ),
    `State blob of each stack: <keyPrefix><stack>.tfstate, at most ${MAX_BLOB_NAME_LENGTH} characters`,
  ),
});

const Backend = z.discriminatedUnion("type", [LocalBackend, CloudBackend, AzurermBackend], {
  error: "backend.type is local, cloud or azurerm :: set type: local, type: cloud or type: azurerm",
});

const OnPremises = z.strictObject({
  addressSpace: described(addressSpace, "On-premises ranges: overlap check and the VPN local network gateway"),
  vpn: described(
    optional(
      z.strictObject({
        gatewayAddress: z.string().check(z.refine(isIpv4Address, { error: "must be the public IPv4 address of the on-premises VPN device :: e.g. 203.0.113.10" })),
      }),
    ),
    "Site-to-site VPN; the shared key is the sensitive variable vpn_shared_key",
  ),
  expressRoute: described(
    optional(z.strictObject({ circuitId: armIdOf("Microsoft.Network/expressRouteCircuits", "<circuit>") })),
    "ExpressRoute circuit connection; an authorization key (circuit in another subscription) is the sensitive variable expressroute_authorization_key",
  ),
  dns: described(
    optional(
      z.strictObject({
        servers: described(
          z.array(z.string().check(z.refine(isIpv4Address, { error: "a target DNS server is an IPv4 address :: e.g. 172.16.0.10" }))),
          "The on-premises DNS servers every forwarding rule targets (port 53); 1-6 (Azure's limit per rule)",
        ),
        domains: described(
          z.array(matching(DNS_DOMAIN, "a domain is a DNS name of labels of letters, digits, '_' and '-' ('-' not at a label's ends), with or without the final dot :: e.g. corp.contoso.com")),
          "On-premises domains Azure resolves through them: one forwarding rule each (trailing dot added); at most 1,000",
        ),
      }),
    ),
    "Name resolution from Azure to on-premises: an outbound endpoint of the hub resolver and a DNS forwarding ruleset linked to the hub and to the spokes with dnsLinks. Needs hub.dnsResolver",
  ),
});

const Gateway = z.strictObject({
  type: z.enum(["vpn", "expressroute"], { error: "a gateway type is vpn or expressroute :: pick one" }),
  sku: described(optional(text()), "Default VpnGw1AZ (vpn) or ErGw1AZ (expressroute)"),
});

const Hub = z.strictObject({
  addressSpace: described(addressSpace, "Hub ranges; the fixed layout takes the first /24 of the first one"),
  gateway: optional(Gateway),
  dnsResolver: described(withDefault(z.boolean(), true), "DNS Private Resolver with a static inbound IP"),
});

export const DNS_MODES = ["managed", "existing", "policy"] as const;
export const ENDPOINT_TYPES = ["keyvault", "blob", "automation"] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

const AccessMode = withDefault(z.enum(["Open", "PrivateOnly"], { error: "an access mode is Open or PrivateOnly :: pick one" }), "PrivateOnly");

/** A DNS host name: labels of 1-63 letters, digits and '-', not starting or ending with '-', joined by single dots; 253 characters at most. */
const DNS_HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Whether a proxy URL's port (when given) is 1-65535 written without
 * leading zeros, and its host a DNS name (no empty label, no label starting
 * or ending with '-') or, when it is all digits and dots, an IPv4 address.
 */
function proxyHostAndPort(url: string): boolean {
  const m = /^https?:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(url);
  if (!m) return true;
  const port = m[2] === undefined ? 443 : Number(m[2]);
  const host = m[1];
  return port >= 1 && port <= 65535 && !/^0/.test(m[2] ?? "") && (/^[\d.]+$/.test(host) ? isIpv4Address(host) : DNS_HOST.test(host));
}

const proxyUrl = z.string().check(
  z.refine(proxyHostAndPort, { error: "a proxy URL's port is 1-65535 (no leading zeros) and its host a DNS name (labels of letters, digits and '-', not starting or ending with '-', no empty label) or an IPv4 address :: e.g. http://10.0.0.5:3128" }),
  z.regex(/^https?:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?\/?$/, {
    error: (issue) =>
      typeof issue.input === "string" && /^https?:\/\/[^\s/]*@/.test(issue.input)
        ? "a proxy URL with credentials would put them in plain text in the Terraform and the agents' settings :: use a proxy that authenticates the network (source addresses) and write http(s)://host:port"
        : "a proxy URL is http(s)://host:port, the host a DNS name or IPv4 address :: e.g. http://proxy.contoso.com:3128",
  }),
);

const PrivateLink = z.strictObject({
  location: described(
    optional(region),
    "Region of the Arc Private Link Scope (its servers onboard there); default the topology's location. The endpoint stays in the hub. Arc-enabled Kubernetes private link needs it equal to location",
  ),
  publicNetworkAccess: described(withDefault(z.boolean(), false), "Let machines also reach Arc over public networks; default false"),
  dns: withDefault(
    z.strictObject({
      mode: withDefault(z.enum(DNS_MODES, { error: "dns.mode is managed, existing or policy :: pick one" }), "managed"),
      zoneIds: described(withDefault(z.record(z.string(), armIdOf("Microsoft.Network/privateDnsZones", "<zone>")), {}), "Zone name -> existing zone id (mode existing)"),
      fallbackToInternet: described(
        withDefault(z.boolean(), false),
        "Fallback to internet on every zone's links (resolution_policy NxDomainRedirect): a name a zone does not hold resolves publicly instead of NXDOMAIN. Default false: it weakens the guarantee that private names stay private. Not in mode policy",
      ),
      fallbackToInternetZones: described(
        withDefault(z.array(z.string()), []),
        "Fallback to internet for these zones only (names the topology uses), e.g. [privatelink.blob.core.windows.net]; not with fallbackToInternet: true. Not in mode policy",
      ),
    }),
    { mode: "managed", zoneIds: {}, fallbackToInternet: false, fallbackToInternetZones: [] },
  ),
  monitor: optional(
    z.strictObject({
      linkedResourceIds: described(withDefault(distinct(armIdOf(MONITOR_SCOPED_TYPES, "<workspace>"), "resource"), []), "Log Analytics workspaces, data collection endpoints, Application Insights components"),
      ingestionAccessMode: AccessMode,
      queryAccessMode: AccessMode,
    }),
  ),
  endpoints: withDefault(
    z.array(
      z
        .strictObject({
          type: z.enum(ENDPOINT_TYPES, { error: `an endpoint type is ${ENDPOINT_TYPES.join(", ")} :: pick one` }),
          resourceId: armIdOf(ENDPOINT_TYPES.map((t) => PRIVATE_LINK_SERVICES[t].resourceType), "<name>"),
        })
        .check(
          z.superRefine((e, ctx) => {
            const parsed = parseArmId(e.resourceId);
            const want = PRIVATE_LINK_SERVICES[e.type].resourceType;
            if (parsed && parsed.type.toLowerCase() !== want.toLowerCase()) {
              ctx.addIssue({ code: "custom", path: ["resourceId"], message: `a ${e.type} endpoint targets a ${want} resource, not ${parsed.type} :: fix the type or the id`, input: e.resourceId });
            }
          }),
        ),
    ),
    [],
  ),
  machinesResourceGroup: described(optional(resourceGroupName("rg-arc-servers")), "Resource group of the Arc machines in the onboarding commands; default the topology's resource group"),
  hisRegionCode: hisRegionCodeField("Short code of <code>.his.arc.azure.com where the catalogue has none"),
  machines: described(
    withDefault(
      z.array(
        z.strictObject({
          id: armIdOf("Microsoft.HybridCompute/machines", "<machine>"),
          location: described(optional(region), "The server's region (an ARM id carries none); it must be the scope's. Default the scope's region"),
        }),
      ),
      [],
    ),
    "Arc-enabled servers already onboarded (without private link) to associate with the scope; the scope can take up to 15 minutes to accept each",
  ),
  serverProxy: described(
    optional(
      z.strictObject({
        url: described(proxyUrl, "azcmagent config set proxy.url, before azcmagent connect (agent 1.13 or later)"),
        bypassArc: described(withDefault(z.boolean(), true), "azcmagent config set proxy.bypass Arc (agent 1.15 or later): the Arc services skip the proxy and go to the private endpoint, Entra ID and Resource Manager still use it. Set false only when the proxy can reach the private endpoint"),
      }),
    ),
    "The proxy servers use to reach Entra ID and Resource Manager (the public route)",
  ),
});

const ClusterProxy = z.strictObject({
  https: described(proxyUrl, "--proxy-https"),
  http: described(optional(proxyUrl), "--proxy-http; default the https value"),
  skipRange: described(
    optional(
      z
        .array(matching(/^[A-Za-z0-9.*:/_-]+$/, "a skip-range entry is a CIDR, an IP address or a host name or suffix (letters, digits, . * : / _ -), without spaces, commas or quotes :: e.g. 10.0.0.0/8 or .contoso.com"))
        .check(z.minLength(1, { error: "lists no range :: list the ranges, or leave skipRange out for the default" })),
    ),
    "The whole --proxy-skip-range; it must cover the service CIDR and hold kubernetes.default.svc, .svc.cluster.local and .svc. Default: the service CIDR and those three",
  ),
  certificateFile: described(optional(text()), "The proxy's CA certificate (PEM): --proxy-cert in commands (the path as written); for kubernetes.clusters also read at synth, relative to the topology file, and embedded in the agents' chart values"),
  tlsInspection: described(withDefault(z.boolean(), false), "Whether the proxy terminates TLS; true is an error (the gateway does not support it)"),
});

/**
 * The proxy of a cluster whose agents Terraform installs: the validated
 * topology also carries the CA certificate's content (`certificatePem`),
 * which loading reads from `certificateFile` (a CA certificate is public),
 * so the stack runs the same wherever Terraform runs.
 */
const AgentsProxy = z.pipe(
  ClusterProxy,
  z.transform((p) => ({ ...p, certificatePem: undefined as string | undefined })),
);

const GatewayCluster = z.strictObject({
  id: armIdOf("Microsoft.Kubernetes/connectedClusters", "<cluster>"),
  serviceCidr: described(cidr, "The cluster's service CIDR (ClusterIP range); always in the proxy skip range"),
  proxy: optional(ClusterProxy),
});

const ArcGatewayEntry = z.strictObject({
  name: shortName("gateway", "eu1"),
  location: described(optional(region), "Region of the gateway resource; default the topology's location"),
  subscriptionId: optional(z.guid({ error: "must be a subscription id (a GUID) :: or leave it out to use the topology's" })),
  resourceGroup: resourceGroupField("rg-arc-gateway", "Default: rg-<name>-arcgw-<gateway>, created"),
  apiVersion: described(optional(matching(/^\d{4}-\d{2}-\d{2}(-preview)?$/, "an ARM API version looks like 2026-07-15 :: fix it")), "Microsoft.HybridCompute/gateways and settings API version; default 2026-07-15"),
  machines: described(withDefault(z.array(armIdOf("Microsoft.HybridCompute/machines", "<machine>")), []), "Arc-enabled servers to associate"),
  serverProxy: described(optional(z.strictObject({ url: proxyUrl })), "Proxy the servers use: azcmagent config set proxy.url"),
  clusters: described(withDefault(z.array(GatewayCluster), []), "Arc-enabled Kubernetes clusters to associate"),
  scenarios: described(withDefault(z.array(z.enum(GATEWAY_SCENARIOS, { error: `a scenario is one of ${GATEWAY_SCENARIOS.join(", ")} :: pick one` })), []), "Extra endpoints for the allowlist"),
  hisRegionCode: hisRegionCodeField("Short code of <code>.his.arc.azure.com for the topology's location, where the catalogue has none"),
  keyVaults: described(withDefault(distinct(matching(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, "a Key Vault name is 3-24 of letters, digits and '-' :: e.g. kv-contoso"), "vault"), []), "Vault names for the keyVault scenario (<vault>.vault.azure.net)"),
});

export const ARC_RULES = ["servers", "kubernetes", "none"] as const;

const SUBNET_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/;

const Spoke = z.strictObject({
  name: shortName("spoke", "app1"),
  addressSpace,
  subnets: described(
    optional(
      z
        .array(
          z.strictObject({
            name: matching(SUBNET_NAME, "a subnet name is 1-80 of letters, digits, '.', '-', '_' :: e.g. workload"),
            addressPrefix: cidr,
          }),
        )
        .check(z.minLength(1, { error: "list at least one subnet, or leave subnets out for one spanning the spoke :: remove subnets: []" })),
    ),
    "Default one subnet spanning the first range",
  ),
  arcRules: withDefault(z.enum(ARC_RULES, { error: "arcRules is servers, kubernetes or none :: pick one" }), "servers"),
  dnsLinks: described(withDefault(z.boolean(), false), "Link the private DNS zones to the spoke; default false: the spoke uses the hub resolver"),
});

const KubernetesConnection = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("kubeconfig"),
      path: described(withDefault(text(), "~/.kube/config"), "kubeconfig file on the machine running Terraform"),
      context: described(optional(text()), "Context in the file; default its current context"),
    }),
    z.strictObject({
      type: described(z.literal("token"), "Host, token and CA certificate come from the Terraform variables kube_host, kube_token (sensitive) and kube_cluster_ca_certificate"),
    }),
  ],
  { error: "connection.type is kubeconfig or token :: pick one" },
);

const guid = (what: string) => z.guid({ error: `must be ${what} (a GUID) :: copy it from Entra ID` });

/**
 * A list whose items are distinct, compared by `key` (case-insensitive by
 * default: GUIDs, names and ARM ids are). A repeat names both places.
 */
function distinct<T extends z.ZodMiniType>(item: T, noun: string, key: (v: z.output<T>) => string = (v) => String(v).toLowerCase()) {
  return z.array(item).check(
    z.superRefine((items, ctx) => {
      const seen = new Map<string, number>();
      items.forEach((v, i) => {
        const k = key(v);
        const first = seen.get(k);
        if (first === undefined) seen.set(k, i);
        else ctx.addIssue({ code: "custom", path: [i], message: `lists the same ${noun} as [${first}] (ids and names compare case-insensitively) :: remove the repeat`, input: v });
      });
    }),
  );
}

/** A lower-case word such as generic (the connected cluster's distribution and infrastructure). */
const armWord = (what: string, examples: string) => withDefault(matching(/^[a-z0-9_]{1,40}$/, `${/^[aeiou]/.test(what) ? "an" : "a"} ${what} is 1-40 of a-z, 0-9 and '_' :: e.g. ${examples}`), "generic");

const KubernetesClusterEntry = z.strictObject({
  name: described(shortName("cluster", "edge01"), "Name of the connected cluster resource and of its stack"),
  distribution: armWord("distribution", "generic, k3s, openshift"),
  infrastructure: armWord("infrastructure", "generic, azure_stack_hci, vsphere"),
  resourceGroup: resourceGroupField("rg-arc-k8s", "Resource group of the connected cluster; default rg-<name>-k8s-<cluster>, created"),
  location: described(optional(region), "Region of the connected cluster; default location (a private-link cluster must be in its scope's region)"),
  connection: described(withDefault(KubernetesConnection, { type: "kubeconfig", path: "~/.kube/config" }), "How Terraform reaches the cluster's API server"),
  serviceCidr: described(cidr, "The cluster's service CIDR; always in the proxy skip range"),
  proxy: optional(AgentsProxy),
  gateway: described(optional(shortName("gateway", "eu1")), "An arcGateways entry: the cluster connects through it (gateway topologies)"),
  existing: described(
    withDefault(z.boolean(), false),
    "Whether the connected cluster is already onboarded. This entry creates the cluster's Azure resource, so true is always an error: an existing cluster cannot join a Private Link Scope (re-onboard it), and one joins a gateway through arcGateways[].clusters",
  ),
  clusterConnect: described(
    optional(
      z.strictObject({
        serviceAccount: described(
          optional(z.strictObject({ name: dnsLabel("service account name", "arc-admin"), namespace: withDefault(dnsLabel("namespace", "default"), "default") })),
          "A service account whose token is the sensitive output cluster_connect_token",
        ),
        entraObjectIds: described(withDefault(distinct(guid("an Entra object id"), "object id"), []), "Users or groups bound by a ClusterRoleBinding"),
        clusterRole: described(withDefault(matching(/^[a-z0-9]([-a-z0-9.:]{0,251}[a-z0-9])?$/, "a cluster role name is 1-253 of a-z, 0-9, '-', '.' and ':', starting and ending with a letter or digit :: e.g. view or cluster-admin"), "view"), "Cluster role of the bindings; default view (least privilege)"),
        azureRbacPrincipalIds: described(withDefault(distinct(guid("an Entra object id"), "principal"), []), "Principals given Azure Arc Kubernetes Viewer and Azure Arc Enabled Kubernetes Cluster User Role on the connected cluster"),
      }),
    ),
    "Cluster connect (az connectedk8s proxy); not on private-link clusters",
  ),
  customLocations: described(withDefault(z.boolean(), false), "Whether custom locations will be enabled; not on private-link clusters"),
  chart: described(
    z.strictObject({
      repository: matching(/^(oci|https?):\/\/\S+$/, "a chart repository is an oci:// or https:// URL :: e.g. oci://mcr.microsoft.com/azurearck8s/batch1/stable"),
      name: withDefault(dnsLabel("chart name", "azure-arc-k8sagents"), "azure-arc-k8sagents"),
      version: matching(EXACT_VERSION, "an exact chart version (SemVer) :: e.g. 1.36.1 (never guessed: take it from az connectedk8s connect's logs)"),
    }),
    "The Arc agents chart: repository and exact version, both required",
  ),
});

export const AKS_ZONE_CHOICES = ["custom", "System", "None"] as const;

const AksCluster = z.strictObject({
  name: shortName("cluster", "ops"),
  spoke: described(shortName("spoke", "aks"), "The spoke whose subnet holds the nodes"),
  subnet: described(optional(matching(SUBNET_NAME, "a subnet name is 1-80 of letters, digits, '.', '-', '_' :: e.g. nodes")), "Subnet of the nodes; default the spoke's first subnet"),
  privateDnsZone: described(
    optional(z.enum(AKS_ZONE_CHOICES, { error: `privateDnsZone is ${AKS_ZONE_CHOICES.join(", ")} :: pick one` })),
    "custom: the hub's [<subzone>.]privatelink.<location>.azmk8s.io, which the hub resolver serves; System: AKS's own zone; None: public DNS (needs publicFqdn). Default custom in a spoke that uses the hub resolver, else System",
  ),
  subzone: described(optional(matching(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, "a subzone is 1-32 of a-z, 0-9 and '-' :: e.g. ops")), "With privateDnsZone custom: the zone becomes <subzone>.privatelink.<location>.azmk8s.io"),
  publicFqdn: described(withDefault(z.boolean(), false), "A public FQDN resolving to the private IP; default false"),
  dnsPrefix: described(optional(matching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/, "a DNS prefix is 1-54 of letters, digits and '-' :: e.g. ops")), "Default the cluster's resource name"),
  vmSize: withDefault(matching(/^[A-Za-z0-9_]{1,64}$/, "a VM size is 1-64 of letters, digits and '_' :: e.g. Standard_D4ds_v5 (az vm list-sizes lists them)"), "Standard_D4ds_v5"),
  nodeCount: withDefault(z.int().check(z.gte(1, { error: "a node count is 1-1000 :: e.g. 3" }), z.lte(1000, { error: "a node count is 1-1000 :: e.g. 3" })), 3),
  kubernetesVersion: optional(matching(/^\d+\.\d+(\.\d+)?$/, "a Kubernetes version looks like 1.33 :: fix it or leave it out for the AKS default")),
  serviceCidr: described(optional(cidr), "Service CIDR; default the AKS default 10.0.0.0/16. It must not overlap the hub, the spokes or on-premises"),
  dnsServiceIp: described(optional(z.string().check(z.refine(isIpv4Address, { error: "must be an IPv4 address inside serviceCidr :: e.g. 10.100.0.10" }))), "Default the .10 address of serviceCidr"),
  adminGroupObjectIds: described(withDefault(distinct(guid("an Entra group object id"), "group"), []), "Entra ID groups with cluster-admin on the cluster (Azure RBAC stays on); default none: grant Azure Kubernetes Service RBAC roles instead"),
});

const AksPrivateAccess = z.strictObject({
  name: shortName("access", "partner"),
  clusterId: armIdOf("Microsoft.ContainerService/managedClusters", "<cluster>"),
  region: described(region, "The cluster's region: the hub zone is privatelink.<region>.azmk8s.io"),
  privateFqdn: described(
    matching(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.privatelink\.[a-z0-9]+\.azmk8s\.io$/i, "a private cluster FQDN ends with .privatelink.<region>.azmk8s.io :: copy it from az aks show --query privateFqdn"),
    "The cluster's private FQDN (az aks show --query privateFqdn)",
  ),
  crossTenant: described(withDefault(z.boolean(), false), "The cluster is in another Entra tenant: manual approval"),
  requestMessage: described(
    optional(
      text().check(
        z.refine((m) => Buffer.byteLength(m) <= MAX_REQUEST_MESSAGE_LENGTH, {
          error: `a request message has at most ${MAX_REQUEST_MESSAGE_LENGTH} bytes in UTF-8 (a non-ASCII character takes 2 to 4) :: shorten it`,
        }),
      ),
    ),
    "Shown to the cluster owner; required with manual approval (cross-tenant or cross-subscription)",
  ),
  approval: described(
    optional(z.strictObject({ tenantId: described(optional(z.guid({ error: "must be a tenant id (a GUID) :: or leave it out for the environment's" })), "The cluster owner's tenant") })),
    "Approval as code: a stack <name>-aks-approval-<access name> for the cluster owner, with its own provider",
  ),
});

/** A suppression's reason, at least this many characters (not counting spaces around it). */
export const MIN_SUPPRESSION_REASON_LENGTH = 10;

/**
 * A finding of the policy pack (lib/policy) accepted on purpose: `target`
 * is a field path of a topology entry (`spokes[0]`, `privateLink`) or a
 * construct path (`contoso-connectivity/Spoke-servers`); the rule's
 * findings on it or below it are suppressed. topology/suppressions.ts
 * checks the target against the topology.
 */
const Suppression = z.strictObject({
  rule: described(
    z.enum(POLICY_RULE_IDS as [string, ...string[]], {
      error: (issue) => {
        // Ids differ in digits only: a guess is named only when no other id is as near (ARC-01 -> ARC-001, but
        // ARC-099 is as near to every id, and "did you mean ARC-001?" would mislead).
        const input = typeof issue.input === "string" ? issue.input.toUpperCase() : undefined;
        const guess = input !== undefined ? suggest(input, POLICY_RULE_IDS) : undefined;
        const tied = guess !== undefined && POLICY_RULE_IDS.some((id) => id !== guess && editDistance(input as string, id) === editDistance(input as string, guess));
        const s = tied ? undefined : guess;
        return `is not a rule of the policy pack (${POLICY_RULE_IDS.join(", ")}) :: ${s ? `did you mean "${s}"?` : "name one of them (README: Policy pack)"}`;
      },
    }),
    "The rule's id, ARC-001 ...",
  ),
  target: described(
    text().check(z.regex(/^\S(.*\S)?$/, { error: "a target has no spaces around it :: remove them" })),
    "A field path of a topology entry (spokes[0], spokes[0].subnets[1], privateLink, aksClusters[0]) or a construct path (contoso-connectivity/Spoke-servers): the rule's findings on it or below it are suppressed",
  ),
  reason: described(
    z.string().check(
      z.refine((r) => r.trim().length >= MIN_SUPPRESSION_REASON_LENGTH, {
        error: `a suppression says why the finding is accepted, in at least ${MIN_SUPPRESSION_REASON_LENGTH} characters :: write the reason (who decided, and why it is safe here)`,
      }),
    ),
    `Why the finding is accepted, at least ${MIN_SUPPRESSION_REASON_LENGTH} characters`,
  ),
});

/**
 * Each stack's state blob (`<keyPrefix><stack>.tfstate`) within Azure's blob
 * name limit: only the whole topology gives the stack names, so this runs
 * on the topology once its fields are valid.
 */
function stateKeysFit(t: StackNaming & { readonly backend: { readonly type: string; readonly keyPrefix?: string } }, ctx: z.core.$RefinementCtx): void {
  const b = t.backend;
  if (b.type !== "azurerm" || b.keyPrefix === undefined) return;
  const longest = stackNames(t).reduce<string | undefined>((a, n) => (a === undefined || n.length > a.length ? n : a), undefined);
  if (longest === undefined) return;
  // UTF-16 units: a character outside the BMP counts twice, the stricter of the two readings of "characters".
  const length = azureStateKey({ keyPrefix: b.keyPrefix }, longest).length;
  if (length <= MAX_BLOB_NAME_LENGTH) return;
  const room = MAX_BLOB_NAME_LENGTH - azureStateKey({ keyPrefix: "" }, longest).length;
  ctx.addIssue({
    code: "custom",
    path: ["backend", "keyPrefix"],
    input: b.keyPrefix,
    message: `the state blob of stack ${longest} (<keyPrefix><stack>.tfstate) would have ${length} characters, and Azure allows ${MAX_BLOB_NAME_LENGTH} in a blob name :: shorten keyPrefix to at most ${room} characters`,
  });
}

export const TopologySchema = meta(
  z.strictObject({
    $schema: described(optional(z.string()), "Path of this JSON Schema, for editors"),
    name: described(matching(/^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$/, "a name is 2-20 of a-z, 0-9 and '-', not starting or ending with '-' :: e.g. contoso"), "Prefix of resource and stack names"),
    location: region,
    subscriptionId: optional(z.guid({ error: "must be a subscription id (a GUID) :: e.g. 00000000-0000-0000-0000-000000000000, or leave it out to use the environment's" })),
    resourceGroup: resourceGroupField("rg-contoso-connectivity", "Default: rg-<name>-connectivity, created"),
    tags: withDefault(tags, {}),
    backend: withDefault(Backend, { type: "local" }),
    onPremises: described(optional(OnPremises), "The on-premises network; needed with a hub"),
    hub: described(optional(Hub), "The hub network; needed for privateLink and spokes"),
    privateLink: described(optional(PrivateLink), "Arc Private Link Scope and its endpoint in the hub"),
    spokes: withDefault(z.array(Spoke), []),
    arcGateways: described(withDefault(z.array(ArcGatewayEntry), []), "Arc gateways (one stack each); not together with privateLink"),
    aksClusters: described(withDefault(z.array(AksCluster), []), "Private AKS clusters to create in spokes"),
    aksPrivateAccess: described(withDefault(z.array(AksPrivateAccess), []), "Private endpoints in the hub to API servers of private AKS clusters elsewhere"),
    kubernetes: described(withDefault(z.strictObject({ clusters: withDefault(z.array(KubernetesClusterEntry), []) }), { clusters: [] }), "Arc-enabled Kubernetes clusters whose agents Terraform installs (one stack each)"),
    suppressions: described(withDefault(z.array(Suppression), []), "Policy pack findings accepted on purpose, each with its reason (README: Policy pack)"),
  }).check(z.superRefine(stateKeysFit)),
  { title: "Azure Arc private connectivity topology" },
);


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
export type SuppressionConfig = Topology["suppressions"][number];

import { hisRegionCode } from "../core";

/** Scenarios whose extra endpoints a proxy must allow next to the gateway (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"; cluster connect: Microsoft Learn, "Use cluster connect to securely connect to Azure Arc-enabled Kubernetes clusters"). */
export const GATEWAY_SCENARIOS = ["containerInsights", "keyVault", "azurePolicy", "defender", "dataServices", "clusterConnect"] as const;
export type GatewayScenario = (typeof GATEWAY_SCENARIOS)[number];

/** Endpoints cluster connect adds to a cluster's allowlist (443; Microsoft Learn, "Use cluster connect to securely connect to Azure Arc-enabled Kubernetes clusters"). */
export const CLUSTER_CONNECT_ENDPOINTS = ["*.servicebus.windows.net", "guestnotificationservice.azure.com", "*.guestnotificationservice.azure.com"] as const;

export type ArcAgentKind = "servers" | "kubernetes";

export interface AllowlistEntry {
  readonly host: string;
  readonly purpose: string;
  /** Which agents need it. */
  readonly for: readonly ArcAgentKind[];
}

export interface AllowlistOptions {
  /** Region of the Arc resources (full name, e.g. `eastus`). */
  readonly region: string;
  /** Short code of `<code>.his.arc.azure.com` where the catalogue has none. @default - the catalogue's */
  readonly hisCode?: string;
  /** The gateway host; a token after apply, or a placeholder. @default "<prefix>.gw.arc.azure.com" */
  readonly gatewayHost?: string;
  readonly servers: boolean;
  readonly kubernetes: boolean;
  /** @default - none */
  readonly scenarios?: readonly GatewayScenario[];
  /** Key Vault names for the `keyVault` scenario. @default - none */
  readonly keyVaultNames?: readonly string[];
}

/**
 * The hosts a firewall or proxy must allow when Arc agents use a gateway:
 * the gateway, Resource Manager, Entra ID, the `his` service (global and
 * regional, short region code), per agent kind, plus each scenario's extra
 * endpoints. Hosts are unique; an entry lists every agent kind that needs it.
 */
export function arcGatewayAllowlist(o: AllowlistOptions): AllowlistEntry[] {
  const code = hisRegionCode(o.region, o.hisCode);
  if (!code) throw new Error(`no short his region code for ${o.region}: pass hisCode`);
  const entries = new Map<string, { purpose: string; for: Set<ArcAgentKind> }>();
  const add = (kinds: ArcAgentKind[], host: string, purpose: string) => {
    const wanted = kinds.filter((k) => (k === "servers" ? o.servers : o.kubernetes));
    if (wanted.length === 0) return;
    const e = entries.get(host) ?? { purpose, for: new Set<ArcAgentKind>() };
    // A host several scenarios need names each of them, so the firewall team sees why it is there.
    if (!e.purpose.split("; ").includes(purpose)) e.purpose = `${e.purpose}; ${purpose}`;
    wanted.forEach((k) => e.for.add(k));
    entries.set(host, e);
  };
  const both: ArcAgentKind[] = ["servers", "kubernetes"];
  add(both, o.gatewayHost ?? "<prefix>.gw.arc.azure.com", "your Arc gateway (terraform output arc_gateway_endpoint)");
  add(both, "management.azure.com", "Azure Resource Manager control channel");
  add(both, "login.microsoftonline.com", "Microsoft Entra ID tokens");
  add(both, `${o.region}.login.microsoft.com`, "Microsoft Entra ID tokens (regional)");
  add(both, "gbl.his.arc.azure.com", "Arc agent service (global)");
  add(both, `${code}.his.arc.azure.com`, "Arc agent service (regional)");
  add(["servers"], "packages.microsoft.com", "Connected Machine agent packages");
  add(["servers"], "download.microsoft.com", "Connected Machine agent downloads");
  add(["kubernetes"], "mcr.microsoft.com", "Arc agent container images");
  add(["kubernetes"], "*.data.mcr.microsoft.com", "Arc agent container image layers");
  const scenarios = new Set(o.scenarios);
  const monitoring = (purpose: string) => {
    add(both, "*.ods.opinsights.azure.com", purpose);
    add(both, "*.oms.opinsights.azure.com", purpose);
  };
  if (scenarios.has("containerInsights")) {
    monitoring("Container insights (Azure Monitor)");
    add(both, "*.monitoring.azure.com", "Container insights (Azure Monitor)");
  }
  if (scenarios.has("keyVault")) for (const v of o.keyVaultNames ?? []) add(both, `${v}.vault.azure.net`, "Azure Key Vault");
  if (scenarios.has("azurePolicy")) {
    add(both, "data.policy.core.windows.net", "Azure Policy");
    add(both, "store.policy.core.windows.net", "Azure Policy");
  }
  if (scenarios.has("defender")) monitoring("Microsoft Defender for Containers");
  if (scenarios.has("dataServices")) {
    monitoring("Azure Arc-enabled data services");
    add(both, "*.monitoring.azure.com", "Azure Arc-enabled data services");
  }
  if (scenarios.has("clusterConnect")) {
    add(["kubernetes"], `${o.region}.obo.arc.azure.com`, "cluster connect");
    for (const host of CLUSTER_CONNECT_ENDPOINTS) add(["kubernetes"], host, "cluster connect");
  }
  return [...entries].map(([host, e]) => ({ host, purpose: e.purpose, for: both.filter((k) => e.for.has(k)) }));
}

/** The allowlist as a plain text file for the firewall team: one host per line, `#` comments. */
export function renderAllowlist(title: string, entries: readonly AllowlistEntry[]): string {
  const width = Math.max(...entries.map((e) => e.host.length));
  return [
    `# ${title}`,
    "# Allow outbound HTTPS (443) to each host; the proxy must allow websockets and must not terminate TLS.",
    ...entries.map((e) => `${e.host.padEnd(width)}  # ${e.purpose} (${e.for.join(", ")})`),
    "",
  ].join("\n");
}

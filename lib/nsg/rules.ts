import * as ipaddr from "ipaddr.js";
import { problem, Problem } from "../core";

export type Direction = "Inbound" | "Outbound";

export interface SecurityRuleSpec {
  readonly name: string;
  /** 100 to 4096, unique per direction; lower runs first. */
  readonly priority: number;
  readonly direction: Direction;
  readonly access: "Allow" | "Deny";
  readonly protocol: "Tcp" | "Udp" | "Icmp" | "Esp" | "Ah" | "*";
  readonly sourceAddressPrefix: string;
  /** @default "*" */
  readonly sourcePortRange?: string;
  readonly destinationAddressPrefix: string;
  readonly destinationPortRange: string;
  /** @default - none */
  readonly description?: string;
}

export type ArcRuleProfile = "servers" | "kubernetes";

export const NSG_PRIORITY_MIN = 100;
export const NSG_PRIORITY_MAX = 4096;
/** Azure limits: rules per NSG ("Azure subscription and service limits"), and a rule description's length in UTF-8 bytes (azurerm checks 0-140). */
export const MAX_RULES_PER_NSG = 1000;
export const MAX_RULE_DESCRIPTION_LENGTH = 140;

const outbound443 = (name: string, priority: number, tag: string): SecurityRuleSpec => ({
  name,
  priority,
  direction: "Outbound",
  access: "Allow",
  protocol: "Tcp",
  sourceAddressPrefix: "VirtualNetwork",
  sourcePortRange: "*",
  destinationAddressPrefix: tag,
  destinationPortRange: "443",
  description: `Azure Arc: outbound HTTPS to ${tag} (public route, not covered by the Arc private link scope)`,
});

/**
 * The Arc service-tag rules of the private-link docs (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"; Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"),
 * names, tags and priorities exactly as documented. The Front Door rule is
 * "both inbound and outbound" in the docs; rule names are unique in an NSG
 * and an inbound rule needs the tag as its source, so its inbound half is a
 * second rule.
 */
export const ARC_SERVICE_TAG_RULES: ReadonlyArray<SecurityRuleSpec & { readonly profiles: readonly ArcRuleProfile[] }> = [
  { ...outbound443("AllowAADOutboundAccess", 150, "AzureActiveDirectory"), profiles: ["servers", "kubernetes"] },
  { ...outbound443("AllowAzOutboundAccess", 151, "AzureResourceManager"), profiles: ["servers", "kubernetes"] },
  { ...outbound443("AllowAzureFrontDoorFirstPartyAccess", 152, "AzureFrontDoor.FirstParty"), profiles: ["kubernetes"] },
  {
    name: "AllowAzureFrontDoorFirstPartyInbound",
    priority: 152,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourceAddressPrefix: "AzureFrontDoor.FirstParty",
    sourcePortRange: "*",
    destinationAddressPrefix: "VirtualNetwork",
    destinationPortRange: "443",
    description: "Azure Arc: inbound HTTPS from AzureFrontDoor.FirstParty (Arc-enabled Kubernetes)",
    profiles: ["kubernetes"],
  },
  { ...outbound443("AllowMCROutboundAccess", 153, "MicrosoftContainerRegistry"), profiles: ["kubernetes"] },
];

/** Closes every profile: internet egress is denied after the allows. */
export const DENY_INTERNET_OUTBOUND: SecurityRuleSpec = {
  name: "DenyInternetOutbound",
  priority: 4000,
  direction: "Outbound",
  access: "Deny",
  protocol: "*",
  sourceAddressPrefix: "*",
  sourcePortRange: "*",
  destinationAddressPrefix: "Internet",
  destinationPortRange: "*",
  description: "Deny all other internet egress; Arc traffic goes through the private endpoint",
};

/** The rules of a profile in priority order, closed by the deny-internet rule. */
export function arcProfileRules(profile: ArcRuleProfile): SecurityRuleSpec[] {
  const allows = ARC_SERVICE_TAG_RULES.filter((r) => r.profiles.includes(profile)).map(({ profiles: _p, ...rule }) => rule);
  return [...allows, DENY_INTERNET_OUTBOUND];
}

/** Whether a prefix stays inside private address space (so internet-deny rules cannot shadow it). */
function isPrivatePrefix(prefix: string): boolean {
  if (prefix === "VirtualNetwork" || prefix === "AzureLoadBalancer") return true;
  try {
    const [addr] = ipaddr.parseCIDR(prefix.includes("/") ? prefix : `${prefix}/32`);
    return addr.range() === "private";
  } catch {
    return false;
  }
}

/** Whether a rule blocks internet traffic in its direction. */
export function deniesInternet(rule: SecurityRuleSpec): boolean {
  if (rule.access !== "Deny") return false;
  const remote = rule.direction === "Outbound" ? rule.destinationAddressPrefix : rule.sourceAddressPrefix;
  return remote === "Internet" || remote === "*" || remote === "0.0.0.0/0";
}

/**
 * Problems with a rule set: more rules than Azure allows, priorities out of
 * range or shared within a direction, duplicate names, descriptions over 140
 * characters, and allow rules to internet destinations placed after a rule
 * that denies internet access (Azure would never reach them).
 *
 * `where(i)` names rule `i` in messages, e.g. the caller's
 * `additionalRules[0]`; by default `<path>.rules[i] (<name>)`.
 */
export function ruleProblems(path: string, rules: readonly SecurityRuleSpec[], where: (index: number) => string = (i) => `${path}.rules[${i}] (${rules[i].name})`): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const priorities = new Map<string, number>();
  if (rules.length > MAX_RULES_PER_NSG) problems.push(problem(`${path}.rules`, rules.length, `an NSG holds at most ${MAX_RULES_PER_NSG} rules (Azure limit)`, "merge rules, or use service tags and address ranges that cover several"));
  rules.forEach((r, i) => {
    const at = where(i);
    const lower = r.name.toLowerCase();
    if (names.has(lower)) problems.push(problem(at, r.name, `rule names are unique in an NSG (also ${where(names.get(lower) as number)})`, "rename one of them"));
    names.set(lower, i);
    if (!Number.isInteger(r.priority) || r.priority < NSG_PRIORITY_MIN || r.priority > NSG_PRIORITY_MAX) {
      problems.push(problem(at, r.priority, `an NSG priority is a whole number from ${NSG_PRIORITY_MIN} to ${NSG_PRIORITY_MAX}`, "pick a priority in that range"));
    }
    const key = `${r.direction}:${r.priority}`;
    if (priorities.has(key)) {
      const other = priorities.get(key) as number;
      problems.push(problem(at, r.priority, `priority ${r.priority} is already used by ${rules[other].name} in direction ${r.direction}`, "priorities are unique per direction: pick a free one"));
    }
    priorities.set(key, i);
    if (r.description !== undefined && Buffer.byteLength(r.description) > MAX_RULE_DESCRIPTION_LENGTH) {
      problems.push(problem(at, r.description, `a rule description has at most ${MAX_RULE_DESCRIPTION_LENGTH} bytes in UTF-8 (azurerm counts bytes)`, "shorten it"));
    }
  });
  for (const deny of rules.filter(deniesInternet)) {
    rules.forEach((allow, i) => {
      if (allow.access !== "Allow" || allow.direction !== deny.direction || allow.priority <= deny.priority) return;
      const remote = allow.direction === "Outbound" ? allow.destinationAddressPrefix : allow.sourceAddressPrefix;
      if (isPrivatePrefix(remote)) return;
      problems.push(
        problem(
          where(i),
          allow.priority,
          `allow rule comes after ${deny.name} (priority ${deny.priority}), which denies internet access, so it never applies`,
          `give ${allow.name} a priority below ${deny.priority}`,
        ),
      );
    });
  }
  return problems;
}

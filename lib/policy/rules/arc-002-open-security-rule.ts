import { TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { blocks, PolicyContext, PolicyRule, PolicyViolation, strings } from "../rule";

/** Address prefixes that stand for any address; `Any` is how the portal shows `*`. */
const ANY_ADDRESS = new Set(["*", "any", "0.0.0.0/0", "::/0", "internet"]);
/** Prefixes that are the internet whichever side of the rule they are on. */
const INTERNET = new Set(["internet", "0.0.0.0/0", "::/0"]);

/** A destination port range of this many ports or more is broad (`1024-65535`); `*` is every port. */
export const BROAD_PORT_RANGE = 1024;

/** Whether a destination port range (`*`, `443`, `8000-8080`) is broad. */
export function isBroadPortRange(range: string): boolean {
  const r = range.trim();
  if (r === "*") return true;
  const m = /^(\d+)\s*-\s*(\d+)$/.exec(r);
  return m !== null && Number(m[2]) - Number(m[1]) + 1 >= BROAD_PORT_RANGE;
}

/**
 * Why an NSG rule (its arguments, inline or `azurerm_network_security_rule`)
 * is open: an allow rule whose remote side (the source of an inbound rule,
 * the destination of an outbound one) is any address, or either side the
 * internet (`Internet`, `0.0.0.0/0`), on broad destination ports.
 * undefined when it is not.
 */
export function openRule(rule: Record<string, unknown>): string | undefined {
  if (String(rule.access).toLowerCase() !== "allow") return undefined;
  const ports = strings(rule.destination_port_range, rule.destination_port_ranges).filter(isBroadPortRange);
  if (ports.length === 0) return undefined;
  const sources = strings(rule.source_address_prefix, rule.source_address_prefixes);
  const destinations = strings(rule.destination_address_prefix, rule.destination_address_prefixes);
  const inbound = String(rule.direction).toLowerCase() === "inbound";
  const remote = inbound ? sources : destinations;
  const open = [...remote.filter((p) => ANY_ADDRESS.has(p.toLowerCase())), ...[...sources, ...destinations].filter((p) => INTERNET.has(p.toLowerCase()) && !remote.includes(p))];
  if (open.length === 0) return undefined;
  return `allows ${inbound ? "inbound from" : "outbound to"} ${[...new Set(open)].join(", ")} on ports ${ports.join(", ")}`;
}

/**
 * ARC-002: an NSG allow rule open to any address or the internet on broad
 * ports, inline (`security_rule` of `azurerm_network_security_group`) or
 * standalone (`azurerm_network_security_rule`).
 */
export const OPEN_SECURITY_RULE: PolicyRule = {
  id: "ARC-002",
  level: "error",
  title: "NSG allow rule with `*`, `Internet` or `0.0.0.0/0` as source or destination on broad ports",
  reason: "it opens every port (or a range of 1,024 or more) to or from any address, undoing the Arc rules' internet deny",
  fix: "allow only the service tag or address range and the ports the workload needs (e.g. AzureResourceManager on 443), or make the rule a deny",
  types: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    const r = node as TerraformResource;
    const a = context.arguments(r);
    const rules = r.terraformResourceType === "azurerm_network_security_group" ? blocks(a.security_rule) : [a];
    return rules.flatMap((rule) => {
      const why = openRule(rule);
      return why ? [{ detail: `security rule ${typeof rule.name === "string" ? rule.name : "(unnamed)"} ${why}`, value: rule.name }] : [];
    });
  },
};

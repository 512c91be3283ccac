/**
 * What a user's `terraform validate` would say about every stack of every
 * shipped example, offline: provider schemas, provider constraints and
 * templates (../shared), and HCL that means the same as the JSON. The
 * parts that need ../shared are skipped visibly on a clone without it, and
 * fail under CI.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { Testing } from "cdktf";
import { PRIVATE_LINK_SERVICES } from "../../lib/dns";
import { GATEWAY_SKUS } from "../../lib/network";
import { ARC_SERVICE_TAG_RULES, DENY_INTERNET_OUTBOUND } from "../../lib/nsg";
import { checkStack, hclProblems, HAVE_SHARED, sharedMissingNote } from "../support/conformance";
import { CONSTRAINT_DIR, valueRule, ValueSpec } from "../support/constraint-check";
import { SCHEMA_DIR, schemaErrors } from "../support/schema-check";
import { buildApp, example, EXAMPLES } from "../support/synth";

const examples = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));
const note = sharedMissingNote();
if (note) console.warn(`conformance: ${note}`);
const withShared = HAVE_SHARED ? describe : describe.skip;

it("has ../shared (provider schemas and constraints) under CI", () => {
  if (process.env.CI === "true") expect({ schemas: existsSync(SCHEMA_DIR), constraints: existsSync(CONSTRAINT_DIR) }).toEqual({ schemas: true, constraints: true });
});

function synthesized(file: string): Array<{ name: string; tf: Record<string, any> }> {
  return buildApp(example(file)).stacks.map((s) => ({ name: s.node.id, tf: JSON.parse(Testing.synth(s)) }));
}

withShared("every stack of every example passes the schema, constraint and template checks", () => {
  it.each(examples)("%s", (file) => {
    const stacks = synthesized(file);
    expect(stacks.length).toBeGreaterThan(0);
    for (const { name, tf } of stacks) expect({ stack: name, errors: checkStack(name, tf).errors }).toEqual({ stack: name, errors: [] });
  });

  it("the default topology: counts of what the constraint tables cover", () => {
    const stacks = synthesized("private-link.yaml");
    const counts = stacks.map(({ name, tf }) => ({ name, ...checkStack(name, tf) }));
    const resources = counts.reduce((n, c) => n + c.resources, 0);
    const rules = counts.reduce((n, c) => n + c.rules, 0);
    process.stdout.write(`default topology: ${stacks.length} stacks, ${resources} resources and data sources checked against the constraint tables, ${rules} constraint evaluations\n`);
    expect(counts.map((c) => c.name)).toEqual(["contoso-connectivity", "contoso-aks-approval-partner", "contoso-k8s-factory1"]);
    expect(resources).toBeGreaterThan(80);
    expect(rules).toBeGreaterThan(resources);
  });

  it("the schema checker finds unknown, missing, computed-only and over-count arguments", () => {
    const tf = {
      terraform: { required_providers: { azurerm: { source: "azurerm" } } },
      resource: {
        azurerm_private_endpoint: {
          bad: {
            name: "pe",
            location: "westeurope",
            subnet_id: "x",
            private_ip: "10.0.0.4",
            network_interface: [],
            private_service_connection: [
              { name: "a", is_manual_connection: false },
              { name: "b", is_manual_connection: false },
            ],
          },
        },
        azurerm_no_such_thing: { x: {} },
      },
    };
    expect(schemaErrors(tf).sort()).toEqual(
      [
        "resource.azurerm_private_endpoint.bad.private_ip: unknown argument or block",
        "resource.azurerm_private_endpoint.bad.network_interface: computed-only attribute is set",
        "resource.azurerm_private_endpoint.bad.private_service_connection: 2 block(s), at most 1 allowed",
        "resource.azurerm_private_endpoint.bad.resource_group_name: required argument is missing",
        "resource.azurerm_no_such_thing: unknown resource type",
      ].sort(),
    );
  });
});

/** The values a `one_of` rule (or an `any_of` of them) allows. */
function allowed(rule: ValueSpec | undefined): string[] {
  if (!rule) throw new Error("no rule");
  return [...(rule.one_of ?? []), ...(rule.any_of ?? []).flatMap((r) => allowed(r))];
}

withShared("every enumeration the library offers is one the provider accepts", () => {
  it("gateway SKUs", () => {
    const skus = allowed(valueRule("azurerm", "azurerm_virtual_network_gateway", "sku"));
    expect([...GATEWAY_SKUS.Vpn, ...GATEWAY_SKUS.ExpressRoute].filter((s) => !skus.includes(s))).toEqual([]);
  });

  it("NSG rule directions, accesses and protocols", () => {
    const rules = [...ARC_SERVICE_TAG_RULES, DENY_INTERNET_OUTBOUND];
    for (const [field, path] of [["direction", "security_rule.0.direction"], ["access", "security_rule.0.access"], ["protocol", "security_rule.0.protocol"]] as const) {
      const ok = allowed(valueRule("azurerm", "azurerm_network_security_group", path));
      expect({ field, outside: rules.map((r) => r[field]).filter((v) => !ok.includes(v)) }).toEqual({ field, outside: [] });
    }
  });

  it("Azure Monitor access modes", () => {
    for (const path of ["ingestion_access_mode", "query_access_mode"]) expect(allowed(valueRule("azurerm", "azurerm_monitor_private_link_scope", path)).sort()).toEqual(["Open", "PrivateOnly"]);
  });

  it("private endpoint sub-resources are plain names the provider takes as given", () => {
    expect(Object.values(PRIVATE_LINK_SERVICES).map((s) => s.subresource)).toEqual(["hybridcompute", "azuremonitor", "vault", "blob", "DSCAndHybridWorker", "management"]);
  });
});

/**
 * The ARM property paths each azapi body may hold, as the docstrings cite
 * them (azapi validates bodies against its embedded ARM schemas at validate
 * time; no table of them is available offline): a body path not listed here
 * is a name nobody checked.
 */
const ARM_BODY_PATHS: Record<string, readonly string[]> = {
  // lib/arc-gateway/gateway.ts: Microsoft.HybridCompute/gateways (GA 2026-07-15).
  "Microsoft.HybridCompute/gateways": ["properties.gatewayType", "properties.allowedFeatures"],
  // lib/arc-gateway/gateway.ts: <target>/providers/Microsoft.HybridCompute/settings/default.
  "Microsoft.HybridCompute/settings": ["properties.gatewayProperties.gatewayResourceId"],
  // lib/arc-machines/association.ts: Microsoft.HybridCompute/machines (stable 2025-01-13 and 2026-07-15).
  "Microsoft.HybridCompute/machines": ["properties.privateLinkScopeResourceId"],
  // lib/arc-kubernetes/agents.ts and lib/arc-gateway/gateway.ts: Microsoft.Kubernetes/connectedClusters (GA 2026-05-01).
  "Microsoft.Kubernetes/connectedClusters": ["properties.agentPublicKeyCertificate", "properties.distribution", "properties.infrastructure", "properties.privateLinkState", "properties.privateLinkScopeResourceId", "properties.gateway.enabled"],
  // lib/aks/approval.ts: Microsoft.ContainerService/managedClusters/privateEndpointConnections (GA 2026-05-01).
  "Microsoft.ContainerService/managedClusters/privateEndpointConnections": ["properties.privateLinkServiceConnectionState.status", "properties.privateLinkServiceConnectionState.description"],
};

/** Leaf paths of an ARM body (`properties.a.b`); arrays and expressions are leaves. */
function leafPaths(value: unknown, at = ""): string[] {
  if (value && typeof value === "object" && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => leafPaths(v, at ? `${at}.${k}` : k));
  return [at];
}

describe("azapi bodies use the ARM property names and API versions the library cites", () => {
  it.each(examples)("%s", (file) => {
    const seen: string[] = [];
    for (const { name, tf } of synthesized(file)) {
      for (const kind of ["azapi_resource", "azapi_update_resource", "azapi_resource_action"]) {
        for (const [id, r] of Object.entries<Record<string, any>>(tf.resource?.[kind] ?? {})) {
          const [type, version] = String(r.type).split("@");
          seen.push(type);
          expect({ at: `${name}.${kind}.${id}`, version: ["2026-07-15", "2026-05-01"].includes(version) }).toEqual({ at: `${name}.${kind}.${id}`, version: true });
          const allowed = ARM_BODY_PATHS[type] ?? [];
          expect({ at: `${name}.${kind}.${id}`, unknown: leafPaths(r.body ?? {}).filter((p) => !allowed.includes(p)) }).toEqual({ at: `${name}.${kind}.${id}`, unknown: [] });
        }
      }
    }
    if (file === "arc-gateway.yaml") expect([...new Set(seen)].sort()).toEqual(["Microsoft.HybridCompute/gateways", "Microsoft.HybridCompute/settings", "Microsoft.Kubernetes/connectedClusters"]);
    if (file === "private-link.yaml") expect([...new Set(seen)].sort()).toEqual(["Microsoft.ContainerService/managedClusters/privateEndpointConnections", "Microsoft.HybridCompute/machines", "Microsoft.Kubernetes/connectedClusters"]);
  });
});

function hasTerraform(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

describe("HCL output", () => {
  const terraform = hasTerraform();
  it.each(examples)("%s: every stack's HCL is fmt-clean, means what its JSON means, and writes blocks where the schemas have blocks", async (file) => {
    const { stacks } = buildApp(example(file));
    for (const s of stacks) {
      Testing.synth(s);
      expect({ stack: s.node.id, problems: await hclProblems(s) }).toEqual({ stack: s.node.id, problems: [] });
      const { hcl } = s.toHclTerraform();
      // With a terraform binary on PATH (never required): the real formatter must leave it unchanged.
      if (terraform) expect(execFileSync("terraform", ["fmt", "-"], { input: hcl, encoding: "utf8", timeout: 20_000 })).toBe(hcl);
    }
  });
});

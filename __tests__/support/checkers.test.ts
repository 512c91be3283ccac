/**
 * The offline checkers used instead of `terraform validate` must be able to
 * fail: each constraint kind and each template rule is shown rejecting a
 * violating literal and accepting a satisfying one.
 */
import { existsSync } from "node:fs";
import {
  CONSTRAINT_DIR,
  HAVE_CONSTRAINTS,
  GoRegexSyntaxError,
  UnsupportedGoRegexError,
  ValueSpec,
  compileAllConstraints,
  constraintErrors,
  constraintReport,
  goRegex,
  translateGoRegex,
} from "./constraint-check";
import { literalValue, templateErrors } from "./template-check";

if (!HAVE_CONSTRAINTS) console.warn(`checkers.test: provider-constraint tests SKIPPED: ${CONSTRAINT_DIR} is missing (set ARC_PROVIDER_CONSTRAINTS)`);
const withTables = HAVE_CONSTRAINTS ? describe : describe.skip;

it("has the provider-constraint tables when running under CI", () => {
  if (process.env.CI === "true") expect(existsSync(CONSTRAINT_DIR)).toBe(true);
});

const PROVIDERS = {
  azurerm: { source: "azurerm", version: "4.55.0" },
  kubernetes: { source: "kubernetes", version: "2.38.0" },
  azapi: { source: "azure/azapi", version: "~> 2.12" },
};
const stackOf = (kind: "resource" | "data", type: string, body: Record<string, unknown>) => ({
  terraform: { required_providers: PROVIDERS },
  [kind]: { [type]: { x: body } },
});
/** Constraint errors of one resource (or data source) instance named x. */
const errorsOf = (type: string, body: Record<string, unknown>, kind: "resource" | "data" = "resource") => constraintReport("s", stackOf(kind, type, body)).errors;

/** A body with `value` at a flatmap path; `.0.` becomes a one-element array (list block), `.*` a one-element list. */
function bodyAt(path: string, value: unknown): Record<string, unknown> {
  const segs = path.split(".");
  const build = (k: number): unknown => {
    if (k === segs.length) return value;
    if (segs[k] === "*") return [value];
    if (segs[k] === "0") return [build(k + 1)];
    return { [segs[k]]: build(k + 1) };
  };
  return build(0) as Record<string, unknown>;
}
const concrete = (path: string) => path.replace(/\*$/, "0");

withTables("constraint-check: values (one kind at a time, real table entries)", () => {
  // [kind, type ("data." for a data source), path, violating literals, satisfying literals]
  const cases: Array<[string, string, string, unknown[], unknown[]]> = [
    ["one_of", "azurerm_kubernetes_cluster", "sku_tier", ["Gold", "free"], ["Free", "Premium"]],
    ["one_of ignore_case", "azurerm_lb", "frontend_ip_configuration.0.private_ip_address_allocation", ["Automatic"], ["Dynamic", "static"]],
    ["not_one_of", "azurerm_hpc_cache_access_policy", "name", ["default"], ["custom"]],
    ["int_between", "azurerm_network_security_group", "security_rule.0.priority", [99, 4097, 150.5, "abc"], [100, 4096, "200"]],
    ["int_at_least", "azurerm_app_service_certificate_order", "key_size", [-1], [0, 2048]],
    ["int_in", "azurerm_application_insights", "retention_in_days", [31], [30, 730]],
    ["int_not_in", "azurerm_cosmosdb_cassandra_table", "analytical_storage_ttl", [0, -2], [-1, 5]],
    ["int_divisible_by", "azurerm_cosmosdb_postgresql_cluster", "coordinator_storage_quota_in_mb", [32769], [32768, 33792]],
    ["float_between", "azurerm_api_management_api_diagnostic", "sampling_percentage", [100.5, -0.1], [0, 55.5, 100]],
    ["float_at_least", "azurerm_application_insights", "daily_data_cap_in_gb", [-0.5], [0, 1.5]],
    ["not_empty", "azurerm_kubernetes_cluster", "name", [""], ["a"]],
    ["not_whitespace", "azurerm_app_configuration_key", "key", [" \t", "\u00a0"], [" a "]],
    ["pattern", "azurerm_resource_group", "name", ["rg.", "rg name", "rg-$${x}"], ["rg-a_b.(c)"]],
    ["pattern + message", "azurerm_subnet", "ip_address_pool.0.number_of_ip_addresses", ["0", "1a"], ["16"]],
    ["cidr", "azurerm_express_route_circuit_connection", "address_prefix_ipv4", ["10.0.0.0/33", "10.0.0.0", "010.0.0.0/8", "10.0.0.0/x"], ["10.0.0.0/29", "2001:db8::/64", "10.0.0.0/08"]],
    ["ipv4", "azurerm_virtual_network_gateway_connection", "custom_bgp_addresses.0.primary", ["not-an-ip", "2001:db8::1", "1.2.3.256", "01.2.3.4"], ["169.254.21.1", "::ffff:1.2.3.4"]],
    ["ipv6 (any IP, as the SDK)", "azurerm_dns_aaaa_record", "records.*", ["zzz", "2001:db8::1::2"], ["2001:db8::1", "1.2.3.4"]],
    ["ip", "azurerm_lb_backend_address_pool_address", "ip_address", ["1.2.3", "fe80::1%eth0", "12345::"], ["10.0.0.4", "::1", "::ffff:10.0.0.1"]],
    ["ipv4_range (any_of cidr)", "azurerm_logic_app_workflow", "access_control.0.action.0.allowed_caller_ip_address_range.*", ["10.0.0.9-10.0.0.1", "10.0.0.1-", "10.0.0.1-10.0.0.2-10.0.0.3"], ["10.0.0.1-10.0.0.9", "10.0.0.0/24"]],
    ["uuid", "azurerm_role_assignment", "name", ["not-a-uuid", "00000000000000000000000000000000", "0000000g-0000-0000-0000-000000000000"], ["00000000-0000-0000-0000-000000000000", "ABCDEF01-2345-6789-abcd-ef0123456789"]],
    ["url_schemes", "azurerm_api_management_api", "terms_of_service_url", ["", "ftp://x.example", "https://", "example.com", "https://exa mple.com", "https://example.com:8o"], ["https://example.com/tos", "HTTP://example.com", "https://user@example.com:8443/x?y#z"]],
    ["json", "azurerm_application_insights_workbook", "data_json", ["{", "{'a': 1}"], ['{"a":1}', "", "[1, 2]"]],
    ["base64", "azurerm_api_management_certificate", "data", ["abc", "a=bc", "YWJj!"], ["YWJj", "YWI=", "", "YW\nJj"]],
    ["rfc3339_time", "azurerm_automation_schedule", "expiry_time", ["2025-02-30T00:00:00Z", "2025-01-01 00:00:00Z", "2025-01-01T00:00:00", "2025-13-01T00:00:00Z"], ["2025-01-31T12:00:00Z", "2024-02-29T12:00:00.5+01:00"]],
    ["no_zero_value", "azurerm_app_service_certificate", "password", [""], ["x"]],
    ["valid_regexp", "data.azurerm_image", "name_regex", ["a(", "a**", "[z-a]", "x\\q"], ["^img-[0-9]+$", "(?i)^IMG", "[\\w-.]+"]],
    ["not_contains_any", "azurerm_arc_machine_extension", "name", ["a/b"], ["ab"]],
    ["starts_with_one_of", "azurerm_role_definition", "scope", ["/foo", "subscriptions/x"], ["/subscriptions/0000", "/subscriptions/$${x}"]],
    ["any_of", "azurerm_virtual_network_gateway", "sku", ["VpnGw9"], ["VpnGw2", "Basic", "ErGw1AZ"]],
    ["all_of", "azurerm_application_load_balancer_subnet_association", "name", ["-abc", "abc-", "a".repeat(65)], ["abc", "a-b.c_d"]],
  ];
  // (Exactly five parameters: a sixth would make jest pass its `done` callback.)
  it.each(cases)("%s: %s %s", (_kind, typeName, path, bad, good) => {
    const at = `: ${concrete(path)}: `;
    const data = typeName.startsWith("data.");
    const type = typeName.replace(/^data\./, "");
    for (const v of bad) {
      const errs = errorsOf(type, bodyAt(path, v), data ? "data" : "resource").filter((e) => e.includes(at));
      expect({ v, errs }).toEqual({ v, errs: [expect.stringContaining(`(got ${JSON.stringify(typeof v === "string" ? literalValue(v) : v)})`)] });
    }
    for (const v of good) {
      expect({ v, errs: errorsOf(type, bodyAt(path, v), data ? "data" : "resource").filter((e) => e.includes(at)) }).toEqual({ v, errs: [] });
    }
  });

  it("len_between counts BYTES: 90 bytes pass, 91 fail, also with a multibyte character", () => {
    const lenErrors = (name: string) => errorsOf("azurerm_resource_group", { name, location: "westeurope" }).filter((e) => e.includes("length must be"));
    expect(lenErrors("a".repeat(90))).toEqual([]);
    expect(lenErrors("a".repeat(91))).toEqual(["s: resource.azurerm_resource_group.x: name: length must be 1..90 bytes (is 91) (got " + JSON.stringify("a".repeat(91)) + ")"]);
    expect(lenErrors(`${"a".repeat(88)}é`)).toEqual([]); // 89 characters, 90 bytes
    expect(lenErrors(`${"a".repeat(89)}é`)).toHaveLength(1); // 90 characters, 91 bytes
    expect(lenErrors("")).toHaveLength(1);
  });

  it("checks every element of a list block, not only the first", () => {
    const errs = errorsOf("azurerm_network_security_group", { security_rule: [{ priority: 100 }, { priority: 99 }, { priority: 4097 }] });
    expect(errs).toEqual([
      "s: resource.azurerm_network_security_group.x: security_rule.1.priority: must be an integer in [100, 4096] (got 99)",
      "s: resource.azurerm_network_security_group.x: security_rule.2.priority: must be an integer in [100, 4096] (got 4097)",
    ]);
  });

  it("a max-one block may be a JSON object or a one-element array", () => {
    const path = "frontend_ip_configuration";
    expect(errorsOf("azurerm_lb", { [path]: { private_ip_address_allocation: "Automatic" } })).toHaveLength(1);
    expect(errorsOf("azurerm_lb", { [path]: [{ private_ip_address_allocation: "Automatic" }] })).toHaveLength(1);
  });

  it("skips unknown values (interpolations) and null, but checks $${ escapes as literal text", () => {
    expect(errorsOf("azurerm_role_assignment", { name: "${random_uuid.x.result}", role_definition_name: "Reader" })).toEqual([]);
    expect(errorsOf("azurerm_role_assignment", { name: "x-%{if true}y%{endif}", role_definition_name: "Reader" })).toEqual([]);
    expect(errorsOf("azurerm_role_assignment", { name: null, role_definition_name: "Reader" })).toEqual([]);
    expect(errorsOf("azurerm_role_assignment", { name: "$${x}", role_definition_name: "Reader" })).toEqual([
      's: resource.azurerm_role_assignment.x: name: must be a UUID (8-4-4-4-12 hex) (got "${x}")',
    ]);
    // A whole block given as a reference is unknown: nothing inside it can be checked.
    expect(errorsOf("azurerm_network_security_group", { security_rule: "${var.rules}" })).toEqual([]);
  });
});

withTables("constraint-check: cross-attribute rules", () => {
  const aks = (extra: Record<string, unknown>) => ({ dns_prefix: "aks", identity: { type: "SystemAssigned" }, ...extra });
  const RBAC = "azure_active_directory_role_based_access_control";

  it("at_least_one_of applies when the parent block is present", () => {
    expect(errorsOf("azurerm_kubernetes_cluster", aks({ [RBAC]: { azure_rbac_enabled: true } }))).toEqual([
      `s: resource.azurerm_kubernetes_cluster.x: ${RBAC}.0: one of admin_group_object_ids, tenant_id must be set`,
    ]);
    expect(errorsOf("azurerm_kubernetes_cluster", aks({ [RBAC]: { azure_rbac_enabled: true, tenant_id: "${data.azurerm_client_config.c.tenant_id}" } }))).toEqual([]);
    expect(errorsOf("azurerm_kubernetes_cluster", aks({ [RBAC]: { admin_group_object_ids: ["00000000-0000-0000-0000-000000000000"] } }))).toEqual([]);
    expect(errorsOf("azurerm_kubernetes_cluster", aks({ [RBAC]: { tenant_id: null } }))).toHaveLength(1);
    expect(errorsOf("azurerm_kubernetes_cluster", aks({}))).toEqual([]);
    // ... and to every element of a list block.
    expect(errorsOf("azurerm_kubernetes_cluster", aks({ [RBAC]: [{ tenant_id: "t" }, { azure_rbac_enabled: true }] }))).toEqual([
      `s: resource.azurerm_kubernetes_cluster.x: ${RBAC}.1: one of admin_group_object_ids, tenant_id must be set`,
    ]);
  });

  it("exactly_one_of: two known values fail, none fails, an unknown member counts as maybe", () => {
    const base = { identity: { type: "SystemAssigned" } };
    expect(errorsOf("azurerm_kubernetes_cluster", { ...base, dns_prefix: "a", dns_prefix_private_cluster: "b" })).toEqual([
      's: resource.azurerm_kubernetes_cluster.x: (top level): only one of dns_prefix, dns_prefix_private_cluster may be set (got {"dns_prefix":"a","dns_prefix_private_cluster":"b"})',
    ]);
    expect(errorsOf("azurerm_kubernetes_cluster", base)).toEqual([
      "s: resource.azurerm_kubernetes_cluster.x: (top level): one of dns_prefix, dns_prefix_private_cluster must be set",
    ]);
    expect(errorsOf("azurerm_kubernetes_cluster", { ...base, dns_prefix: "${var.prefix}" })).toEqual([]);
    expect(errorsOf("azurerm_kubernetes_cluster", { ...base, dns_prefix: "a" })).toEqual([]);
    // A block with an unknown inside is "maybe" too (the SDK's IsComputed).
    expect(errorsOf("azurerm_kubernetes_cluster", { dns_prefix: "a", identity: { type: "UserAssigned", identity_ids: ["${azurerm_user_assigned_identity.i.id}"] } })).toEqual([]);
    expect(errorsOf("azurerm_kubernetes_cluster", { dns_prefix: "a" })).toEqual([
      "s: resource.azurerm_kubernetes_cluster.x: (top level): one of identity, service_principal must be set",
    ]);
  });

  it("exactly_one_of across different parents (README group-scope exception)", () => {
    const vm = { admin_username: "u", source_image_id: "i", os_disk: { storage_account_type: "Standard_LRS" } };
    expect(errorsOf("azurerm_linux_virtual_machine", vm)).toEqual([]);
    expect(errorsOf("azurerm_linux_virtual_machine", { ...vm, os_managed_disk_id: "d" }).filter((e) => e.includes("os_disk.0.storage_account_type"))).toEqual([
      's: resource.azurerm_linux_virtual_machine.x: (top level): only one of os_disk.0.storage_account_type, os_managed_disk_id may be set (got {"os_disk.0.storage_account_type":"Standard_LRS","os_managed_disk_id":"d"})',
    ]);
  });

  it("conflicts_with fires for a known key and a set target; an unknown target is ignored", () => {
    const rule = { source_address_prefix: "*", destination_address_prefix: "*", source_port_range: "*" };
    expect(errorsOf("azurerm_network_security_rule", { ...rule, source_port_ranges: ["80"] })).toEqual([
      's: resource.azurerm_network_security_rule.x: source_port_range: conflicts with source_port_ranges (got ["80"])',
      's: resource.azurerm_network_security_rule.x: source_port_ranges: conflicts with source_port_range (got "*")',
    ]);
    expect(errorsOf("azurerm_network_security_rule", { ...rule, source_port_ranges: "${var.ports}" })).toEqual([]);
    expect(errorsOf("azurerm_network_security_rule", rule)).toEqual([]);
    // kubernetes: metadata.0.name <-> metadata.0.generate_name.
    expect(errorsOf("kubernetes_namespace_v1", { metadata: { name: "a", generate_name: "b-" } })).toHaveLength(2);
    expect(errorsOf("kubernetes_namespace_v1", { metadata: { name: "a" } })).toEqual([]);
  });

  it("required_with: a set key needs every listed path; unknown counts as set", () => {
    expect(errorsOf("azurerm_express_route_circuit", { bandwidth_in_mbps: 50 })).toEqual([
      "s: resource.azurerm_express_route_circuit.x: bandwidth_in_mbps: requires peering_location, service_provider_name to be set too (missing peering_location, service_provider_name)",
    ]);
    expect(errorsOf("azurerm_express_route_circuit", { bandwidth_in_mbps: 50, peering_location: "${var.loc}", service_provider_name: "Equinix" })).toEqual([]);
  });

  it("checks provider blocks against provider_config", () => {
    const tf = {
      terraform: { required_providers: PROVIDERS },
      provider: { azurerm: [{ features: [{}], resource_provider_registrations: "bogus" }], kubernetes: [{ config_path: "a", config_paths: ["b"] }] },
    };
    expect(constraintReport("s", tf).errors).toEqual([
      's: provider.azurerm.default: resource_provider_registrations: must be one of ["core","extended","all","none","legacy"] (got "bogus")',
      's: provider.kubernetes.default: config_path: conflicts with config_paths (got ["b"])',
    ]);
  });

  it("counts instances and applied rules, and lists types without a table as skipped", () => {
    const tf = {
      terraform: { required_providers: PROVIDERS },
      provider: { azapi: [{}] },
      resource: {
        azurerm_role_assignment: { a: { name: "00000000-0000-0000-0000-000000000000", role_definition_name: "Reader" }, b: { role_definition_id: "${x.y.id}" } },
        azapi_resource: { c: { type: "x" } },
      },
      data: { azapi_resource_list: { d: {} } },
    };
    // a: exactly_one_of + name + role_definition_name; b: exactly_one_of only (an unknown value is not a check).
    expect(constraintReport("s", tf)).toEqual({ errors: [], resources: 2, rules: 4, skipped: ["data.azapi_resource_list", "provider.azapi", "resource.azapi_resource"] });
  });

  it("knows every kind and translates every regexp in the tables", () => {
    expect(compileAllConstraints().types).toBeGreaterThan(1500);
  });
});

describe("constraint-check: kinds the tables do not use (ad-hoc constraints)", () => {
  const check = (spec: ValueSpec, v: unknown) => constraintErrors({ values: { a: spec } }, { a: v });
  it.each<[string, ValueSpec, unknown[], unknown[]]>([
    ["int_at_most", { int_at_most: 5 }, [6, "7"], [5, -1]],
    ["not_pattern", { not_pattern: "^tmp-" }, ["tmp-1"], ["prod-1"]],
    ["cidr_prefix_between", { cidr_prefix_between: [16, 24] }, ["10.0.0.0/8", "10.0.0.0/25", "x"], ["10.0.0.0/16", "10.1.2.0/24"]],
    ["mac_address", { mac_address: true }, ["00:11:22:33:44", "00:11:22:33:44:5g", "00-11:22-33-44-55"], ["00:11:22:33:44:55", "00-11-22-33-44-55", "0011.2233.4455"]],
    ["one_of with a number converted to a string", { one_of: ["1", "2"] }, [3], [1, "2"]],
  ])("%s", (_kind, spec, bad, good) => {
    for (const v of bad) expect({ v, n: check(spec, v).length }).toEqual({ v, n: 1 });
    for (const v of good) expect({ v, errs: check(spec, v) }).toEqual({ v, errs: [] });
  });

  it("throws for a kind it does not know (never passes silently)", () => {
    expect(() => constraintErrors({ values: { a: { bogus_kind: 1 } as ValueSpec } }, { a: "x" })).toThrow(/unknown values kind "bogus_kind"/);
  });
});

describe("constraint-check: Go RE2 translation", () => {
  it("converts what JS needs", () => {
    expect(translateGoRegex("(?i)^abc$").flags).toBe("ui");
    expect(goRegex("(?i)^(Free)$").test("FREE")).toBe(true);
    expect(goRegex("\\A[a-z]{2}\\z").test("ab")).toBe(true);
    expect(goRegex("\\A[a-z]{2}\\z").test("abc")).toBe(false);
    expect(goRegex("^[\\w-.]{1,3}$").test("a-.")).toBe(true); // `-` after a class escape is a literal in Go
    expect(goRegex("^[a-zA-Z0-9_()-.]$").test(",")).toBe(true); // `)-.` is a range in Go
    expect(goRegex("^[\\-\\.\\_a-z]+$").test("a_b")).toBe(true); // escaped punctuation
    expect(goRegex("^a.b$").test("a\rb")).toBe(true); // Go `.` matches \r, only not \n
    expect(goRegex("^a.b$").test("a\nb")).toBe(false);
    expect(goRegex("^\\s$").test("\v")).toBe(false); // Go \s has no \v
    expect(goRegex("^.{2}$").test("😀é")).toBe(true); // runes, not UTF-16 units
    expect(goRegex("^a{,2}$").test("a{,2}")).toBe(true); // not a repeat in Go: literal
    expect(goRegex("^[[:alpha:]]+$").test("abc")).toBe(true);
  });

  it("throws a clear error for Go syntax it cannot convert, and a syntax error for invalid Go", () => {
    expect(() => goRegex("\\pL+")).toThrow(UnsupportedGoRegexError);
    expect(() => goRegex("a(?i)b")).toThrow(UnsupportedGoRegexError);
    expect(() => goRegex("(?m)^a$")).toThrow(UnsupportedGoRegexError);
    expect(() => goRegex("a(")).toThrow(GoRegexSyntaxError);
    expect(() => goRegex("a**")).toThrow(GoRegexSyntaxError);
    expect(() => goRegex("\\q")).toThrow(GoRegexSyntaxError);
  });
});

describe("template-check", () => {
  const stack = (value: unknown, extra: Record<string, unknown> = {}) => ({ resource: { azurerm_resource_group: { rg: { name: "rg", tags: { cost: value } } } }, ...extra });
  const errs = (value: unknown, extra: Record<string, unknown> = {}) => templateErrors("s", stack(value, extra));

  it("references to undeclared variables fail; declared ones pass; $${ is a literal", () => {
    expect(errs("cost ${var.env}")).toEqual(['s: resource.azurerm_resource_group.rg.tags.cost: Reference to undeclared input variable "env" in cost ${var.env}']);
    expect(errs("cost ${var.env}", { variable: { env: { type: "string" } } })).toEqual([]);
    expect(errs("cost $${var.env}")).toEqual([]);
    expect(errs("cost $$${var.env}")).toEqual([]); // `$` + the escape `$${`, as HCL scans it
    expect(literalValue("cost $$${var.env}")).toBe("cost $${var.env}");
  });

  it("directives: only if/else/endif/for/endfor; %%{ is a literal", () => {
    expect(errs("100%{discount}")).toEqual([
      's: resource.azurerm_resource_group.rg.tags.cost: Invalid template control keyword "discount" (only if, else, endif, for, endfor) in 100%{discount}',
    ]);
    expect(errs("100%%{discount}")).toEqual([]);
    expect(errs("%{ if true }a%{ else }b%{ endif }")).toEqual([]);
    expect(errs("%{~ for x in [1, 2] ~}${x}%{~ endfor ~}")).toEqual([]);
    expect(errs("%{ if true }a")).toHaveLength(1);
    expect(errs("a%{ endfor }")).toHaveLength(1);
    expect(errs("${x}")).toHaveLength(1); // x is not bound outside the for
  });

  it("escapes in nested quoted strings: only \\\\ \\\" \\n \\r \\t \\u \\U", () => {
    expect(errs('${yamlencode({"a" = "C:\\certs"})}')).toEqual([
      's: resource.azurerm_resource_group.rg.tags.cost: Invalid escape sequence "\\c" (only \\\\ \\" \\n \\r \\t \\uNNNN \\UNNNNNNNN) in ${yamlencode({"a" = "C:\\certs"})}',
    ]);
    expect(errs('${yamlencode({"a" = "C:\\\\certs"})}')).toEqual([]);
    expect(errs('${"\\u00e9\\U0001F600\\n\\t\\r\\"\\\\"}')).toEqual([]);
    expect(errs('${"\\u00g"}')).toHaveLength(1);
    expect(errs('${"a${"b\\q"}"}')).toHaveLength(1); // a template inside a string inside an interpolation
  });

  it("syntax: unterminated strings, brackets and interpolations", () => {
    expect(errs('${lower("abc)}')).toHaveLength(1);
    expect(errs("${lower(var.x}")).toHaveLength(1);
    expect(errs("${[1, 2}")).toHaveLength(1);
    expect(errs("${1 + }")).toHaveLength(1);
    expect(errs("abc ${")).toHaveLength(1);
    expect(errs("${1 2}")).toHaveLength(1);
    expect(errs('${jsonencode({"a" = [1, {"b" = "}"}], c: 2})}')).toEqual([]); // braces inside strings do not count
  });

  it("resources, data sources, locals and modules must exist; functions, for-bound names and object keys are not references", () => {
    expect(errs("${azurerm_storage_account.missing.id}")).toEqual([
      "s: resource.azurerm_resource_group.rg.tags.cost: Reference to undeclared resource azurerm_storage_account.missing in ${azurerm_storage_account.missing.id}",
    ]);
    expect(errs("${azurerm_resource_group.rg.id}")).toEqual([]);
    expect(errs("${data.x_y.z.id}")).toHaveLength(1);
    expect(errs("${local.a}${module.m.out}")).toHaveLength(2);
    expect(errs("${local.a}${module.m.out}", { locals: { a: 1 }, module: { m: { source: "./m" } } })).toEqual([]);
    const withData = { data: { x_y: { z: {} } } };
    expect(errs("${[for c in data.x_y.z.output : c.name if c.ok]}", withData)).toEqual([]);
    expect(errs("${{for k, v in data.x_y.z.m : k => v...}}", withData)).toEqual([]);
    expect(errs("${[for c in data.x_y.z.output : d.name]}", withData)).toHaveLength(1);
    expect(errs('${merge({ owner = "a", (data.x_y.z.k) = 1 }, { cost: true, n: null })}', withData)).toEqual([]);
    expect(errs("${upper(path.module)}-${terraform.workspace}-${provider::azurerm::normalise_resource_id(\"x\")}")).toEqual([]);
    expect(errs("${count.index}")).toEqual(['s: resource.azurerm_resource_group.rg.tags.cost: Reference to "count" in a context without count in ${count.index}']);
  });

  it("object keys inside attribute values are templates, too", () => {
    const tf = { resource: { azurerm_resource_group: { rg: { name: "rg", tags: { "${var.k}": "v", "a$${b}": "v" } } } } };
    expect(templateErrors("s", tf)).toEqual(['s: resource.azurerm_resource_group.rg.tags.${var.k}: (object key) Reference to undeclared input variable "k" in ${var.k}']);
  });

  it("depends_on and provider meta-arguments must name things that exist", () => {
    const tf = {
      provider: { azapi: [{ alias: "a" }] },
      resource: {
        azurerm_resource_group: { rg: { name: "rg" } },
        azapi_resource: {
          ok: { type: "t", depends_on: ["azurerm_resource_group.rg"], provider: "azapi.a" },
          bad: { type: "t", depends_on: ["azurerm_resource_group.nope", "azurerm_resource_group.rg.id"], provider: "azapi.b" },
        },
      },
    };
    expect(templateErrors("s", tf)).toEqual([
      "s: resource.azapi_resource.bad.depends_on.0: Reference to undeclared resource azurerm_resource_group.nope in azurerm_resource_group.nope",
      "s: resource.azapi_resource.bad.depends_on.1: Invalid depends_on reference (must be a whole object, not an attribute of it) in azurerm_resource_group.rg.id",
      "s: resource.azapi_resource.bad.provider: Provider configuration azapi.b is not declared in azapi.b",
    ]);
  });

  it("backend and cloud settings may not contain interpolations", () => {
    const tf = (path: string) => ({ terraform: { backend: { local: { path } } } });
    expect(templateErrors("s", tf("terraform.${var.env}.tfstate"))).toEqual([
      "s: terraform.backend.local.path: Variables not allowed: backend configuration is not evaluated (Terraform takes the string verbatim) in terraform.${var.env}.tfstate",
    ]);
    expect(templateErrors("s", tf("terraform.prod.tfstate"))).toEqual([]);
    expect(templateErrors("s", { terraform: { cloud: { organization: "${var.org}" } } })).toHaveLength(1);
  });

  it("dynamic blocks bind their iterator in content", () => {
    const tf = { variable: { rules: {} }, resource: { azurerm_network_security_group: { n: { dynamic: { security_rule: { for_each: "${var.rules}", content: { name: "${security_rule.value.name}" } } } } } } };
    expect(templateErrors("s", tf)).toEqual([]);
  });
});

/**
 * schema/topology.schema.json as editors and strict validators see it: ajv in
 * strict mode (no format plugins) takes it, the examples pass, and a wrong
 * field gets the error that names it (discriminated unions as if/then, not
 * oneOf). `topology.test.ts` checks that the file is what
 * `npm run schema` writes.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020, { ErrorObject, ValidateFunction } from "ajv/dist/2020";
import { parseDocument } from "yaml";
import { JSON_SCHEMA_FILE, editorJsonSchema } from "../../scripts/write-json-schema";
import { validateTopology } from "../../topology/load";
import { TopologySchema } from "../../topology/schema";
import { ArcConnectivityError } from "../../lib/core";
import { EXAMPLES, topologyInput } from "../support/synth";

const SCHEMA = JSON.parse(readFileSync(JSON_SCHEMA_FILE, "utf8")) as Record<string, unknown>;

/** A strict ajv whose log is kept, and the log. */
function strictAjv() {
  const logged: string[] = [];
  const keep = (level: string) => (...args: unknown[]) => logged.push(`${level}: ${args.map(String).join(" ")}`);
  const ajv = new Ajv2020({ strict: true, strictTypes: true, strictTuples: true, strictRequired: true, allErrors: true, logger: { log: keep("log"), warn: keep("warn"), error: keep("error") } });
  return { ajv, logged };
}

let compiled: ValidateFunction | undefined;

/** ajv's errors for a document (the fields that say where and what), [] when it is valid. */
function ajvErrors(doc: unknown): Pick<ErrorObject, "instancePath" | "keyword" | "message" | "params">[] {
  // Compiled on first use, so that a schema strict mode refuses fails each test, not the file's loading.
  const validate = (compiled ??= strictAjv().ajv.compile(SCHEMA));
  return validate(doc) ? [] : (validate.errors ?? []).map(({ instancePath, keyword, message, params }) => ({ instancePath, keyword, message, params }));
}

/** Whether zod (and the topology's rules) accept a document. */
function zodAccepts(doc: unknown, baseDir?: string): boolean {
  try {
    validateTopology(doc, { baseDir });
    return true;
  } catch (e) {
    if (!ArcConnectivityError.is(e)) throw e;
    return false;
  }
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** The zod schema at `path` (object keys; "[]" for an array's items), through defaults, optionals and pipes. */
function zodAt(path: string[]): unknown {
  const unwrap = (s: unknown): unknown => {
    const d = defOf(s);
    return ["default", "optional", "prefault"].includes(d.type) ? unwrap(d.innerType) : d.type === "pipe" ? unwrap(d.in) : s;
  };
  return path.reduce<unknown>((s, key) => {
    const d = defOf(unwrap(s));
    return key === "[]" ? d.element : (d.shape as Record<string, unknown>)[key];
  }, TopologySchema);
}

/** The discriminator's values of a zod discriminated union, in its order (the order of the JSON Schema's enum). */
function discriminatorValues(path: string[]): unknown[] {
  let s = zodAt(path);
  while (defOf(s).type !== "union") s = defOf(s).innerType;
  const d = defOf(s);
  return (d.options as unknown[]).map((o) => (defOf((defOf(o).shape as Record<string, unknown>)[d.discriminator as string]).values as unknown[])[0]);
}

const BACKEND_TYPES = discriminatorValues(["backend"]);
const CONNECTION_TYPES = discriminatorValues(["kubernetes", "clusters", "[]", "connection"]);

/** Every JSON Schema location (as "#/..." pointers) where `test` holds for the subschema. */
function locations(schema: unknown, test: (s: Record<string, unknown>) => boolean, at = "#"): string[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return [];
  const s = schema as Record<string, unknown>;
  const found = test(s) ? [at] : [];
  for (const [k, v] of Object.entries(s)) {
    if (["default", "const", "enum", "examples"].includes(k)) continue;
    if (["properties", "patternProperties", "$defs", "dependentSchemas"].includes(k)) {
      for (const [name, sub] of Object.entries(v as object)) found.push(...locations(sub, test, `${at}/${k}/${name}`));
    } else if (Array.isArray(v)) v.forEach((sub, i) => found.push(...locations(sub, test, `${at}/${k}/${i}`)));
    else found.push(...locations(v, test, `${at}/${k}`));
  }
  return found;
}

type AjvError = { instancePath: string; keyword: string; message: string; params: object };
const error = (instancePath: string, keyword: string, message: string, params: object): AjvError => ({ instancePath, keyword, message, params });
const unknownField = (instancePath: string, field: string) => error(instancePath, "additionalProperties", "must NOT have additional properties", { additionalProperty: field });
const missing = (instancePath: string, field: string) => error(instancePath, "required", `must have required property '${field}'`, { missingProperty: field });
const notOneOf = (instancePath: string, allowedValues: unknown[]) => error(instancePath, "enum", "must be equal to one of the allowed values", { allowedValues });
/** The error ajv adds next to a branch's own errors: an if/then whose `then` failed, at the union. */
const branchFailed = (instancePath: string) => error(instancePath, "if", 'must match "then" schema', { failingKeyword: "then" });

const GUID_PATTERN = "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$";
const CONNECTION = "/kubernetes/clusters/0/connection";

/** A valid topology with one Kubernetes cluster whose connection is `connection`. */
const withConnection = (connection: unknown) =>
  topologyInput({
    kubernetes: { clusters: [{ name: "edge01", serviceCidr: "10.43.0.0/16", connection: connection as never, chart: { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" } }] },
  });

/** Documents and the exact ajv errors each gets ([] for a valid one). */
const CASES: [string, unknown, AjvError[]][] = [
  ["the small topology", topologyInput(), []],
  ["a local backend with a path", topologyInput({ backend: { type: "local", path: "state/{stack}.tfstate" } }), []],
  ["a cloud backend", topologyInput({ backend: { type: "cloud", organization: "contoso", workspacePrefix: "arc-" } }), []],
  ["a kubeconfig connection", withConnection({ type: "kubeconfig", path: "~/.kube/edge.yaml", context: "edge" }), []],
  ["a token connection", withConnection({ type: "token" }), []],
  ["backend type s3", topologyInput({ backend: { type: "s3" } as never }), [notOneOf("/backend/type", BACKEND_TYPES)]],
  ["backend type of the wrong JSON type", topologyInput({ backend: { type: 5 } as never }), [notOneOf("/backend/type", BACKEND_TYPES)]],
  ["a backend without type", topologyInput({ backend: { organization: "contoso" } as never }), [missing("/backend", "type")]],
  ["a backend that is not an object", topologyInput({ backend: "local" as never }), [error("/backend", "type", "must be object", { type: "object" })]],
  ["a cloud backend without organization", topologyInput({ backend: { type: "cloud" } as never }), [missing("/backend", "organization"), branchFailed("/backend")]],
  ["an unknown field in a local backend", topologyInput({ backend: { type: "local", bucket: "tfstate" } as never }), [unknownField("/backend", "bucket"), branchFailed("/backend")]],
  ["an unknown field in a cloud backend", topologyInput({ backend: { type: "cloud", organization: "contoso", workspace: "arc" } as never }), [unknownField("/backend", "workspace"), branchFailed("/backend")]],
  ["a cloud field in a local backend", topologyInput({ backend: { type: "local", organization: "contoso" } as never }), [unknownField("/backend", "organization"), branchFailed("/backend")]],
  ["a wrong field value in the chosen branch", topologyInput({ backend: { type: "local", path: "state.tfstate" } }), [error("/backend/path", "pattern", 'must match pattern "\\{stack\\}"', { pattern: "\\{stack\\}" }), branchFailed("/backend")]],
  ["a subscriptionId that is not a GUID", topologyInput({ subscriptionId: "not-a-guid" }), [error("/subscriptionId", "pattern", `must match pattern "${GUID_PATTERN}"`, { pattern: GUID_PATTERN })]],
  ["connection type ssh", withConnection({ type: "ssh" }), [notOneOf(`${CONNECTION}/type`, CONNECTION_TYPES)]],
  ["a connection without type", withConnection({ path: "~/.kube/config" }), [missing(CONNECTION, "type")]],
  ["an unknown field in a kubeconfig connection", withConnection({ type: "kubeconfig", contxt: "edge" }), [unknownField(CONNECTION, "contxt"), branchFailed(CONNECTION)]],
  ["a kubeconfig field in a token connection", withConnection({ type: "token", path: "~/.kube/config" }), [unknownField(CONNECTION, "path"), branchFailed(CONNECTION)]],
];

describe("schema/topology.schema.json", () => {
  it("compiles in ajv's strict mode (strictTypes, strictTuples, strictRequired), without format plugins, errors or log lines", () => {
    const { ajv: fresh, logged } = strictAjv();
    expect(() => fresh.compile(SCHEMA)).not.toThrow();
    expect(logged).toEqual([]);
  });

  it("has no format (a strict validator needs plugins for them) and no oneOf/anyOf; the discriminated unions are if/then", () => {
    expect(locations(SCHEMA, (s) => "format" in s)).toEqual([]);
    expect(locations(SCHEMA, (s) => "oneOf" in s || "anyOf" in s)).toEqual([]);
    // Every if/then union has a case below; add cases when this list grows.
    expect(locations(SCHEMA, (s) => Array.isArray(s.allOf) && s.allOf.some((b) => typeof b === "object" && b !== null && "if" in b))).toEqual([
      "#/properties/backend",
      "#/properties/kubernetes/properties/clusters/items/properties/connection",
    ]);
    expect(BACKEND_TYPES).toEqual(expect.arrayContaining(["local", "cloud"]));
    expect(CONNECTION_TYPES).toEqual(["kubeconfig", "token"]);
  });

  it("keeps a union's description and default", () => {
    const properties = SCHEMA.properties as Record<string, Record<string, unknown>>;
    const cluster = (properties.kubernetes as { properties: { clusters: { items: { properties: Record<string, Record<string, unknown>> } } } }).properties.clusters.items.properties;
    expect(cluster.connection.description).toBe("How Terraform reaches the cluster's API server");
    expect(cluster.connection.default).toEqual({ type: "kubeconfig", path: "~/.kube/config" });
    expect(properties.backend.default).toEqual({ type: "local" });
  });

  it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml")))("passes examples/%s, as zod does", (file) => {
    const doc = parseDocument(readFileSync(join(EXAMPLES, file), "utf8")).toJS();
    expect(ajvErrors(doc)).toEqual([]);
    expect(zodAccepts(doc, EXAMPLES)).toBe(true);
  });

  it.each(BACKEND_TYPES)("backend type %s: an unknown field is an error of that branch at /backend, as in zod", (type) => {
    const doc = topologyInput({ backend: { type, bogus: true } as never });
    const errors = ajvErrors(doc);
    expect(errors).toContainEqual(unknownField("/backend", "bogus"));
    expect(errors).toContainEqual(branchFailed("/backend"));
    // Only that branch's errors (its other required fields, if any), all at /backend.
    expect(new Set(errors.map((e) => `${e.instancePath} ${e.keyword}`))).toEqual(new Set(["/backend additionalProperties", "/backend if", ...errors.filter((e) => e.keyword === "required").map(() => "/backend required")]));
    expect(zodAccepts(doc)).toBe(false);
  });

  it.each(CASES)("%s: exactly the expected ajv errors, and zod agrees on valid or invalid", (_name, doc, expected) => {
    expect(ajvErrors(doc)).toEqual(expected);
    expect(zodAccepts(doc)).toBe(expected.length === 0);
  });
});

describe("editorJsonSchema (the rewrite of zod's JSON Schema)", () => {
  it("replaces a format with its pattern, adding the pattern when zod gave none and keeping other patterns", () => {
    expect(editorJsonSchema({ type: "string", format: "uuid", pattern: GUID_PATTERN })).toEqual({ type: "string", pattern: GUID_PATTERN });
    expect(editorJsonSchema({ type: "string", format: "uuid" })).toEqual({ type: "string", pattern: GUID_PATTERN });
    expect(editorJsonSchema({ type: "string", format: "uuid", pattern: "^0" })).toEqual({ type: "string", allOf: [{ pattern: "^0" }, { pattern: GUID_PATTERN }] });
    expect(editorJsonSchema({ type: "string", format: "uuid", allOf: [{ pattern: "^0" }, { pattern: GUID_PATTERN }] })).toEqual({ type: "string", allOf: [{ pattern: "^0" }, { pattern: GUID_PATTERN }] });
  });

  it("fails on a format it has no pattern for, naming where", () => {
    expect(() => editorJsonSchema({ type: "object", properties: { site: { type: "string", format: "uri" } } })).toThrow('#/properties/site: format "uri" has no pattern in FORMAT_PATTERNS');
  });

  it("rewrites schemas only: data and property names that look like keywords stay", () => {
    const schema = { type: "object", properties: { format: { type: "string", default: "uuid" }, oneOf: { const: { format: "uuid" } } }, default: { format: "uuid", oneOf: [] } };
    expect(editorJsonSchema(schema)).toEqual(schema);
  });

  it("leaves a union alone unless every branch requires one property with a distinct const", () => {
    const branch = (type: string, required = ["type"]) => ({ type: "object", properties: { type: { const: type } }, required, additionalProperties: false });
    for (const union of [
      { oneOf: [branch("a"), branch("a")] },
      { oneOf: [branch("a"), branch("b", [])] },
      { anyOf: [branch("a"), { type: "string" }] },
      { oneOf: [branch("a")] },
    ]) {
      expect(editorJsonSchema(union)).toEqual(union);
    }
    expect(editorJsonSchema({ description: "d", anyOf: [branch("a"), branch("b")] })).toEqual({
      description: "d",
      type: "object",
      properties: { type: { enum: ["a", "b"] } },
      required: ["type"],
      allOf: [
        { if: { type: "object", properties: { type: { const: "a" } }, required: ["type"] }, then: branch("a") },
        { if: { type: "object", properties: { type: { const: "b" } }, required: ["type"] }, then: branch("b") },
      ],
    });
  });
});

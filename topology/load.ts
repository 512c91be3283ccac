/**
 * Reads a topology file (YAML or JSON), validates it against the schema and
 * the cross-field rules, and turns every problem into one line that names
 * the field path, the value, the rule and the fix.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, extname, resolve } from "node:path";
import * as z from "zod/mini";
import { en } from "zod/v4/locales";
import { ArcConnectivityError, Problem, problem, show, suggest } from "../lib/core";
import { topologyProblems } from "./rules";
import { Topology, TopologySchema } from "./schema";

/** `spokes[1].addressSpace[0]` from `["spokes", 1, "addressSpace", 0]`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    const k = String(key);
    const safe = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
    if (!acc) return safe;
    return /^[A-Za-z_$]/.test(safe) ? `${acc}.${safe}` : `${acc}[${safe}]`;
  }, "");
}

type Def = Record<string, unknown> & { type: string };
/** zod 4 keeps a schema's definition on `_zod.def`; the walker reads only that. */
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The object keys the schema allows at a path (for unknown-field messages). */
function allowedKeys(schema: unknown, path: ReadonlyArray<PropertyKey>, data: unknown): string[] {
  // Strips optional/default/pipe wrappers; picks the discriminated-union option that matches the data.
  const unwrap = (s: unknown, d: unknown): unknown => {
    for (;;) {
      const def = defOf(s);
      if (["optional", "default", "nullable", "prefault"].includes(def.type)) s = def.innerType;
      else if (def.type === "pipe") s = def.in;
      else if (def.type === "union") {
        const options = def.options as unknown[];
        const disc = def.discriminator as string | undefined;
        const tag = disc && d && typeof d === "object" ? (d as Record<string, unknown>)[disc] : undefined;
        s = options.find((o) => (defOf((defOf(o).shape as Record<string, unknown> | undefined)?.[disc ?? ""] ?? o).values as unknown[] | undefined)?.includes(tag)) ?? options[0];
      } else return s;
    }
  };
  let s: unknown = schema;
  let d: unknown = data;
  for (const key of path) {
    const def = defOf(unwrap(s, d));
    if (def.type === "object") s = (def.shape as Record<string, unknown>)[String(key)];
    else if (def.type === "array") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else return [];
    d = d && typeof d === "object" ? (d as Record<PropertyKey, unknown>)[key] : undefined;
    if (!s) return [];
  }
  const def = defOf(unwrap(s, d));
  return def.type === "object" ? Object.keys(def.shape as object) : [];
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>((d, k) => (d && typeof d === "object" ? (d as Record<PropertyKey, unknown>)[k] : undefined), data);
}

function splitMessage(message: string): { rule: string; fix: string } {
  const at = message.indexOf(" :: ");
  return at < 0 ? { rule: message, fix: "see the topology reference in the README" } : { rule: message.slice(0, at), fix: message.slice(at + 4) };
}

/** One problem per zod issue (one per unknown key), with field path, value, rule and fix. */
export function schemaProblems(error: z.core.$ZodError, data: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
    const at = fieldPath(path) || "(file)";
    const found = valueAt(data, path);
    const value = found !== undefined || !("input" in issue) ? found : issue.input;
    switch (issue.code) {
      case "unrecognized_keys": {
        const allowed = allowedKeys(TopologySchema, path, data);
        for (const key of issue.keys) {
          const near = suggest(key, allowed);
          problems.push({
            path: fieldPath([...path, key]),
            message: `unknown field (a typo is never ignored); allowed here: ${allowed.join(", ")}. Fix: ${near ? `did you mean "${near}"?` : "remove it"}`,
          });
        }
        break;
      }
      case "invalid_type": {
        const a = /^[aeiou]/.test(issue.expected) ? "an" : "a";
        if (value === undefined) problems.push({ path: at, message: `is required (${a} ${issue.expected}). Fix: add it` });
        else if (issue.expected === "object" && typeof value === "string" && /^\/subscriptions\//i.test(value) && allowedKeys(TopologySchema, path, data).includes("id")) {
          // An id where an entry { id, ... } is expected (privateLink.machines, unlike arcGateways[].machines): show the entry.
          problems.push(problem(at, value, "must be an object { id, ... }, not a bare id", `write { id: ${value} }`));
        } else problems.push(problem(at, value, `must be ${a} ${issue.expected}`, `write ${a} ${issue.expected}`));
        break;
      }
      case "invalid_key": {
        // A record key (a tag name) broke its check: show the key and the key's own message.
        const { rule, fix } = splitMessage(issue.issues[0]?.message ?? issue.message);
        problems.push(problem(at, path[path.length - 1], rule, fix));
        break;
      }
      default: {
        const { rule, fix } = splitMessage(issue.message);
        problems.push(problem(at, value, rule, fix));
      }
    }
  }
  return problems;
}

/** cdktf's markers of a token in a string (a reference built in code): cdktf would resolve one found in a user's text. */
const CDKTF_TOKEN_MARKER = /[$#]\{TfToken\[/;

/**
 * Problems no field's schema can see, found in every string of the file
 * (values and keys): cdktf's internal token markers, which cdktf would turn
 * into references however they are escaped, and text that is not
 * well-formed Unicode (a lone surrogate), which no output file can hold.
 */
function textProblems(data: unknown, path: PropertyKey[] = []): Problem[] {
  const check = (text: string, at: PropertyKey[], what: string): Problem[] => {
    if (CDKTF_TOKEN_MARKER.test(text)) return [problem(fieldPath(at) || "(file)", text, `${what} holds "\${TfToken[" or "#{TfToken[", cdktf's marker of a reference, which cannot be written as text`, "remove it")];
    if (!text.isWellFormed()) return [problem(fieldPath(at) || "(file)", text.toWellFormed(), `${what} is not well-formed Unicode (it holds a lone surrogate)`, "fix the character")];
    return [];
  };
  if (typeof data === "string") return check(data, path, "the value");
  if (Array.isArray(data)) return data.flatMap((v, i) => textProblems(v, [...path, i]));
  if (data && typeof data === "object") {
    return Object.entries(data).flatMap(([k, v]) => [...check(k, [...path, k], "the key"), ...textProblems(v, [...path, k])]);
  }
  return [];
}

/** Whether text is a PEM file whose first certificate parses as X.509. */
function isPemCertificate(text: string): boolean {
  if (!/-----BEGIN CERTIFICATE-----/.test(text)) return false;
  try {
    new X509Certificate(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads each `kubernetes.clusters[].proxy.certificateFile` (relative paths
 * from `baseDir`, the topology file's folder) into `certificatePem`, so the
 * stack carries the certificate (it is public) and runs the same on any
 * machine. A file that cannot be read or holds no PEM certificate is a
 * problem at the field.
 */
function readProxyCertificates(t: Topology, baseDir: string): Problem[] {
  const problems: Problem[] = [];
  t.kubernetes.clusters.forEach((c, i) => {
    const file = c.proxy?.certificateFile;
    if (!c.proxy || file === undefined) return;
    const at = `kubernetes.clusters[${i}].proxy.certificateFile`;
    const full = resolve(baseDir, file.replace(/^~(?=$|[\\/])/, homedir()));
    let text: string;
    try {
      text = readFileSync(full, "utf8");
    } catch (e) {
      problems.push(problem(at, file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message} at ${full}); the agents' chart values embed the proxy's CA certificate`, "put the proxy's CA certificate (PEM) there; a relative path is read from the topology file's folder"));
      return;
    }
    if (!isPemCertificate(text)) {
      problems.push(problem(at, file, `holds no PEM certificate that parses as X.509 (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)`, "export the proxy's CA certificate as PEM (Base-64 encoded X.509)"));
      return;
    }
    c.proxy.certificatePem = text.replace(/\r\n/g, "\n").trim() + "\n";
  });
  return problems;
}

export interface ValidateOptions {
  /** Folder that relative file paths in the topology (proxy certificates) are read from. @default process.cwd() */
  readonly baseDir?: string;
}

/**
 * Validates parsed data: schema first, then (only when the shape is right)
 * the cross-field rules, then the files the topology names.
 */
export function validateTopology(data: unknown, options: ValidateOptions = {}): Topology {
  // zod/mini registers no locale: English messages for the checks without a message of their own.
  // jitless: a topology is parsed once per process, and zod's compiled fast path costs more to build than it saves.
  const text = textProblems(data);
  if (text.length > 0) throw new ArcConnectivityError(text);
  const parsed = TopologySchema.safeParse(data, { reportInput: true, jitless: true, error: en().localeError });
  if (!parsed.success) throw new ArcConnectivityError(schemaProblems(parsed.error, data));
  const problems = topologyProblems(parsed.data);
  if (problems.length > 0) throw new ArcConnectivityError(problems);
  const fileProblems = readProxyCertificates(parsed.data, options.baseDir ?? process.cwd());
  if (fileProblems.length > 0) throw new ArcConnectivityError(fileProblems);
  return parsed.data;
}

/** Parses YAML or JSON text; syntax errors become one problem with line and column. */
export function parseTopologyText(text: string, file: string): unknown {
  if (extname(file).toLowerCase() === ".json") {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ArcConnectivityError({ path: file, message: `is not valid JSON: ${(e as Error).message}. Fix: correct the syntax` });
    }
  }
  // Loaded on demand: a JSON topology does not pay for the YAML parser.
  const { parseDocument } = require("yaml") as typeof import("yaml");
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ArcConnectivityError(
      doc.errors.map((e) => ({ path: `${file}:${e.linePos?.[0]?.line ?? "?"}:${e.linePos?.[0]?.col ?? "?"}`, message: `is not valid YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}. Fix: correct the syntax` })),
    );
  }
  try {
    return doc.toJS();
  } catch (e) {
    // e.g. more aliases than the parser expands (its guard against resource exhaustion).
    throw new ArcConnectivityError({ path: file, message: `cannot be read as YAML: ${(e as Error).message}. Fix: write the repeated parts out, or use fewer aliases` });
  }
}

/** Reads, parses and validates a topology file. */
/** Why a file could not be read, in words: "does not exist", "is a folder", or "cannot be read (<code>)". */
export function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a folder" : `cannot be read (${code ?? (e as Error).message})`;
}

export function loadTopology(file: string): Topology {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ArcConnectivityError({ path: file, message: `${unreadable(e)}. Fix: name a topology file (.yaml, .yml or .json); a relative path starts in the folder the command runs in` });
  }
  const ext = extname(file).toLowerCase();
  if (![".yaml", ".yml", ".json"].includes(ext)) {
    throw new ArcConnectivityError({ path: file, message: `has extension ${show(ext)}; a topology file is .yaml, .yml or .json. Fix: rename it` });
  }
  return validateTopology(parseTopologyText(text, file), { baseDir: dirname(resolve(file)) });
}

/**
 * Each rendering rule of lib/hcl on a small hand-built Terraform JSON
 * document (`JsonStack`), with the exact HCL text it must give. At the end,
 * every expected text is checked to be what `terraform fmt` leaves
 * (@cdktf/hcl-tools) and to mean what its JSON means (@cdktf/hcl2json and
 * the canonical forms of __tests__/support/hcl-json.ts); those heavy
 * modules are loaded by those two tests only (a mutation run loads every
 * test file for every mutant).
 */
import { isDeepStrictEqual } from "node:util";
import { Lazy, TerraformStack, Testing } from "cdktf";
import { hclBlockPaths, renderStackHcl } from "../../../lib/hcl";
import { SpecElement, attrSpec, blockSpec, hclOf, jsonStack } from "./json-stack";

type Doc = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly doc: Doc;
  readonly specs: readonly unknown[];
  readonly hcl: string;
  /** Why the text is not checked with @cdktf/hcl-tools (fmt) or with @cdktf/hcl2json (meaning). */
  readonly skip: Skip;
}

interface Skip {
  readonly fmt?: string;
  readonly meaning?: string;
}

const CASES: Case[] = [];

// The last two tests load the wasm formatter and parser (seconds); on a busy machine (a mutation run) the 5 s
// default would fail them for being slow, not for being wrong.
jest.setTimeout(120_000);

/** A test that `doc` (with elements holding `specs`) renders as exactly `lines` (plus the final newline). */
function renders(name: string, doc: Doc, lines: readonly string[], specs: readonly unknown[] = [], skip: string | Skip = {}): void {
  const hcl = `${lines.join("\n")}\n`;
  CASES.push({ name, doc, specs, hcl, skip: typeof skip === "string" ? { fmt: skip, meaning: skip } : skip });
  it(name, () => {
    expect(hclOf(doc, ...specs)).toBe(hcl);
  });
}

/** A test that rendering `doc` throws exactly `message`. */
function refuses(name: string, doc: Doc, message: string): void {
  it(name, () => {
    expect(() => hclOf(doc)).toThrow(new Error(message));
    let thrown: unknown;
    try {
      hclOf(doc);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).message).toBe(message);
  });
}

const locals = (values: Doc): Doc => ({ locals: values });
/** A list of expressions, one per line (no `=` alignment to get in the way). */
const exprList = (exprs: readonly string[]): Doc => locals({ x: exprs.map((e) => `\${${e}}`) });

// ---------------------------------------------------------------------------

describe("strings", () => {
  renders("escapes literal text for a quoted string", locals({ s: 'x\\y"z\n\r\t\u0000\u0001\b\f\u001f\u007f ~é😀\u0080' }), [
    "locals {",
    '  s = "x\\\\y\\"z\\n\\r\\t\\u0000\\u0001\\u0008\\u000c\\u001f\\u007f ~é😀\u0080"',
    "}",
  ]);

  renders("writes an empty string", locals({ s: "" }), ["locals {", '  s = ""', "}"]);

  renders(
    "keeps escapes, lone markers and template sequences as they are",
    locals({
      a: "$${x} %%{y}",
      b: "$$${x}",
      c: "$$x %%x $ % a$ 100% {}",
      d: "${a}${b}",
      e: "${a} ",
      f: " ${a}",
      g: "%{if a}b%{endif}",
      k: "a${b}c",
      l: "${a}%{if b}c%{endif}",
    }),
    [
      "locals {",
      '  a = "$${x} %%{y}"',
      '  b = "$$${x}"',
      '  c = "$$x %%x $ % a$ 100% {}"',
      '  d = "${a}${b}"',
      '  e = "${a} "',
      '  f = " ${a}"',
      '  g = "%{if a}b%{endif}"',
      '  k = "a${b}c"',
      '  l = "${a}%{if b}c%{endif}"',
      "}",
    ],
  );

  renders(
    "keeps strip markers and templates nested in interpolations",
    locals({ h: "%{ for x in l ~}${x}%{ endfor ~}", i: 'x ${"${y}"} z', j: "${~ a ~} b" }),
    ["locals {", '  h = "%{for x in l~}${x}%{endfor~}"', '  i = "x ${"${y}"} z"', '  j = "${~a~} b"', "}"],
    [],
    { meaning: "hcl2json rewrites strip markers and templates interpolated directly" },
  );

  renders(
    "writes a string that is exactly one interpolation as the bare expression",
    locals({ a: "${var.x}", b: "${~ var.x ~}", c: '${ {a=1}["a"] }', d: "${f({a = 1})}", e: "${ (a) }", f: "${[a]}" }),
    ["locals {", "  a = var.x", "  b = var.x", '  c = { a = 1 }["a"]', "  d = f({ a = 1 })", "  e = (a)", "  f = [a]", "}"],
    [],
    { meaning: "hcl2json drops strip markers and reads `[a]` as a list" },
  );

  renders(
    "keeps strings nested in expressions as written, raw newlines escaped",
    locals({ a: '${"a\\"b\\\\c"}', b: '${"line1\nline2\rx"}', c: '${f("}", "{", "$${")}', d: '${"x"}${"y"}' }),
    ["locals {", '  a = "a\\"b\\\\c"', '  b = "line1\\nline2\\rx"', '  c = f("}", "{", "$${")', '  d = "${"x"}${"y"}"', "}"],
    [],
    'hcl2json rewrites the nested template "${"', // `"${"` is an unterminated template to HCL's template parser
  );

  renders(
    "writes object keys bare when they are identifiers, else quoted (reserved words, templates, escapes)",
    locals({
      m: {
        a: 1,
        "a-b": 2,
        _x: 3,
        A1: 4,
        "1a": 5,
        "a b": 6,
        "a.b": 7,
        "": 8,
        true: 9,
        false: 10,
        null: 11,
        for: 12,
        "${var.k}": 13,
        'q"\\': 14,
        é: 15,
        "-a": 16,
      },
    }),
    [
      "locals {",
      "  m = {",
      "    a          = 1",
      "    a-b        = 2",
      "    _x         = 3",
      "    A1         = 4",
      '    "1a"       = 5',
      '    "a b"      = 6',
      '    "a.b"      = 7',
      '    ""         = 8',
      '    "true"     = 9',
      '    "false"    = 10',
      '    "null"     = 11',
      '    "for"      = 12',
      '    "${var.k}" = 13',
      '    "q\\"\\\\"    = 14',
      '    "é"        = 15',
      '    "-a"       = 16',
      "  }",
      "}",
    ],
  );
});

describe("values", () => {
  renders(
    "writes numbers, booleans and null",
    locals({ a: 0, b: 1, c: -1, d: 1.5, e: -2.5, f: 1e21, g: 1e-7, i: 123456789012, j: true, k: false, l: null }),
    [
      "locals {",
      "  a = 0",
      "  b = 1",
      "  c = -1",
      "  d = 1.5",
      "  e = -2.5",
      "  f = 1e+21",
      "  g = 1e-7",
      "  i = 123456789012",
      "  j = true",
      "  k = false",
      "  l = null",
      "}",
    ],
  );

  renders(
    "writes lists: empty and one inline item on one line, else one item per line with trailing commas",
    locals({ a: [], b: [1], c: [1, 2], d: [[1, 2]], e: [{ k: 1, l: 2 }], f: [[], {}], g: [[1]], h: [-1], i: [null, { inner: null }] }),
    [
      "locals {",
      "  a = []",
      "  b = [1]",
      "  c = [",
      "    1,",
      "    2,",
      "  ]",
      "  d = [",
      "    [",
      "      1,",
      "      2,",
      "    ],",
      "  ]",
      "  e = [",
      "    {",
      "      k = 1",
      "      l = 2",
      "    },",
      "  ]",
      "  f = [",
      "    [],",
      "    {},",
      "  ]",
      "  g = [[1]]",
      "  h = [-1]",
      "  i = [",
      "    null,",
      "    { inner = null },",
      "  ]",
      "}",
    ],
  );

  renders(
    "writes objects: empty and one inline entry on one line, else one entry per line",
    locals({ a: {}, b: { k: 1 }, c: { k: 1, l: 2 }, d: { k: [1, 2] }, e: { k: { l: { m: null } } }, f: { k: -1 } }),
    [
      "locals {",
      "  a = {}",
      "  b = { k = 1 }",
      "  c = {",
      "    k = 1",
      "    l = 2",
      "  }",
      "  d = {",
      "    k = [",
      "      1,",
      "      2,",
      "    ]",
      "  }",
      "  e = { k = { l = { m = null } } }",
      "  f = { k = -1 }",
      "}",
    ],
  );

  renders("writes undefined inside values as null", locals({ a: [1, undefined], b: { k: undefined } }), ["locals {", "  a = [", "    1,", "    null,", "  ]", "  b = { k = null }", "}"], [], {
    meaning: "JSON has no undefined",
  });

  renders(
    "writes argument names that are also Object.prototype's as plain attributes",
    { resource: { t: { n: { toString: 1, constructor: "c", hasOwnProperty: { valueOf: 2 } } } } },
    ['resource "t" "n" {', "  toString       = 1", '  constructor    = "c"', "  hasOwnProperty = { valueOf = 2 }", "}"],
    [],
    { meaning: "the canonical form of __tests__/support/hcl-json.ts looks keys up in plain objects" },
  );

  it("writes -0 as 0 (as JSON does)", () => {
    expect(hclOf(locals({ a: -0 }))).toBe("locals {\n  a = 0\n}\n");
  });

  refuses("refuses Infinity", locals({ a: Infinity }), "renderStackHcl: Infinity has no HCL form");
  refuses("refuses -Infinity", locals({ a: -Infinity }), "renderStackHcl: -Infinity has no HCL form");
  refuses("refuses NaN", locals({ a: NaN }), "renderStackHcl: NaN has no HCL form");
  refuses("refuses a bigint", locals({ a: 10n }), "renderStackHcl: a bigint has no HCL form");
  refuses("refuses a function", locals({ a: () => 1 }), "renderStackHcl: a function has no HCL form");
  refuses("refuses an invalid argument name", locals({ "a b": 1 }), 'renderStackHcl: "a b" is not a valid HCL argument name');
  refuses("refuses an argument name starting with a digit", locals({ "1a": 1 }), 'renderStackHcl: "1a" is not a valid HCL argument name');
});

describe("expressions", () => {
  renders(
    "spaces operators as fmt does, telling negation from subtraction",
    exprList([
      "f(-a)",
      "{-1 = 2}",
      "[-1]",
      "{a = -1}",
      "a ? -1 : -2",
      "[1, -2]",
      "a + -b",
      "a * -b",
      "a / -b",
      "a % -b",
      "a - -b",
      "a == -b",
      "a != -b",
      "a > -b",
      "a >= -b",
      "a < -b",
      "a <= -b",
      "a && -b",
      "a || -b",
      "!-a",
      "-a",
      "a-b",
      "a - b",
      "a[0] - 1",
      "f(x) - 1",
      "1 - 1",
      "(a) - 1",
      '"s" - 1',
      "a.b - 1",
      "{} - 1",
      "[]-1",
    ]),
    [
      "locals {",
      "  x = [",
      "    f(-a),",
      "    { -1 = 2 },",
      "    [-1],",
      "    { a = -1 },",
      "    a ? -1 : -2,",
      "    [1, -2],",
      "    a + -b,",
      "    a * -b,",
      "    a / -b,",
      "    a % -b,",
      "    a - -b,",
      "    a == -b,",
      "    a != -b,",
      "    a > -b,",
      "    a >= -b,",
      "    a < -b,",
      "    a <= -b,",
      "    a && -b,",
      "    a || -b,",
      "    !-a,",
      "    -a,",
      "    a-b,",
      "    a - b,",
      "    a[0] - 1,",
      "    f(x) - 1,",
      "    1 - 1,",
      "    (a) - 1,",
      '    "s" - 1,',
      "    a.b - 1,",
      "    {} - 1,",
      "    [] - 1,",
      "  ]",
      "}",
    ],
    [],
    { meaning: "hcl2json evaluates constant collections" },
  );

  renders(
    "spaces brackets, calls, splats, for expressions and indexes as fmt does",
    exprList([
      "[for k in [1, 2] : k]",
      '[for k, v in m : v if k != ""]',
      "{for k, v in m : k => v...}",
      "f(a, b...)",
      "f()",
      "a.*.b",
      "a[*].b",
      'x["k"]',
      "a[0][1]",
      "f()[0]",
      '{a = 1}["a"]',
      "[1][0]",
      "a.b.c",
      "1.5e+3",
      "2.5",
      'f("a", "b")',
      "{ }",
      "[ ]",
      "( a )",
      "a\n+\tb",
      "a\r\n.b",
      "{a = 1, b = [2]}",
      "!a",
      "a ? b : c",
      "x  in  y",
      "(x)[0]",
      "in[0]",
      "1[0]",
      "var.café",
    ]),
    [
      "locals {",
      "  x = [",
      "    [for k in [1, 2] : k],",
      '    [for k, v in m : v if k != ""],',
      "    { for k, v in m : k => v... },",
      "    f(a, b...),",
      "    f(),",
      "    a.*.b,",
      "    a[*].b,",
      '    x["k"],',
      "    a[0][1],",
      "    f()[0],",
      '    { a = 1 }["a"],',
      "    [1][0],",
      "    a.b.c,",
      "    1.5e+3,",
      "    2.5,",
      '    f("a", "b"),',
      "    {},",
      "    [],",
      "    (a),",
      "    a + b,",
      "    a.b,",
      "    { a = 1, b = [2] },",
      "    !a,",
      "    a ? b : c,",
      "    x in y,",
      "    (x)[0],",
      "    in[0],",
      "    1[0],",
      "    var.café,",
      "  ]",
      "}",
    ],
    [],
    { meaning: "`x in y` outside a for expression is no valid expression" },
  );

  renders(
    "spaces template sequences inside expressions and objects in interpolations",
    locals({ a: '${ {a=1}["a"] } x', b: "x ${ {} } %{ if {a=1} != {} }y%{ endif }", c: '${"${a}${b}"}' }),
    ["locals {", '  a = "${ { a = 1 }["a"]} x"', '  b = "x ${ {} } %{if { a = 1 } != {} }y%{endif}"', '  c = "${a}${b}"', "}"],
    [],
    "hcl2json rewrites templates interpolated directly",
  );

  renders(
    "keeps provider functions intact",
    exprList(["provider::azurerm::normalize_resource_id( var.id )", "a :: b"]),
    ["locals {", "  x = [", "    provider::azurerm::normalize_resource_id(var.id),", "    a::b,", "  ]", "}"],
    [],
    "@cdktf/hcl-tools 0.21 splits `::`",
  );

  refuses("refuses an unterminated nested string", locals({ a: '${"abc}' }), 'renderStackHcl: unterminated string in "${\\"abc}"');
  refuses("refuses an unterminated template sequence", locals({ a: "x ${a" }), 'renderStackHcl: unterminated template sequence in "x ${a"');
  refuses("refuses an unterminated nested template sequence", locals({ a: "${{a = 1}" }), 'renderStackHcl: unterminated template sequence in "${{a = 1}"');
  refuses("refuses a # comment", locals({ a: "${a # c}" }), 'renderStackHcl: comments and heredocs inside expressions are not supported: "${a # c}"');
  refuses("refuses a // comment", locals({ a: "${a // c\n}" }), 'renderStackHcl: comments and heredocs inside expressions are not supported: "${a // c\\n}"');
  refuses("refuses a /* comment */", locals({ a: "${a /* c */}" }), 'renderStackHcl: comments and heredocs inside expressions are not supported: "${a /* c */}"');
  refuses("refuses a heredoc", locals({ a: "${<<EOT\nx\nEOT\n}" }), 'renderStackHcl: comments and heredocs inside expressions are not supported: "${<<EOT\\nx\\nEOT\\n}"');
  refuses("refuses an unexpected character", locals({ a: "${a @ b}" }), 'renderStackHcl: unexpected "@" in expression "${a @ b}"');
  refuses("refuses an unexpected character in a bare expression", { resource: { t: { n: { depends_on: ["a;b"] } } } }, 'renderStackHcl: unexpected ";" in expression "a;b"');
});

describe("layout", () => {
  renders(
    "aligns `=` over runs of one-line assignments, counting columns by grapheme; a multi-line value or a blank line ends a run",
    locals({ m: { "😀": 1, abc: 2, "e\u0301": 3, long_name: { a: 1, b: 2 }, x: 4, yy: 5 } }),
    [
      "locals {",
      "  m = {",
      '    "😀" = 1',
      "    abc = 2",
      '    "e\u0301" = 3',
      "    long_name = {",
      "      a = 1",
      "      b = 2",
      "    }",
      "    x  = 4",
      "    yy = 5",
      "  }",
      "}",
    ],
    [],
    { meaning: "hcl2json normalises keys to NFC" },
  );

  renders(
    "indents by bracket nesting, closing several brackets on one line",
    locals({ a: [[{ b: [{ c: 1, d: 2 }] , e: 1 }], 3] }),
    [
      "locals {",
      "  a = [",
      "    [",
      "      {",
      "        b = [",
      "          {",
      "            c = 1",
      "            d = 2",
      "          },",
      "        ]",
      "        e = 1",
      "      },",
      "    ],",
      "    3,",
      "  ]",
      "}",
    ],
  );

  renders(
    "aligns a run across an object's lines only where each line is a whole assignment",
    { locals: { a: 1, bbbb: { c: 1 }, cc: "${f({\na = 1\n})}", d: 2 } },
    ["locals {", "  a    = 1", "  bbbb = { c = 1 }", "  cc   = f({ a = 1 })", "  d    = 2", "}"],
  );

  renders(
    "lays out unbalanced brackets of (invalid) expressions as hclwrite does",
    locals({ a: "${a(}", b: 1, c: "${ f(( }", d: 2, e: "${ )) }", f: 3, g: "${ ) }", h: 4, i: "${ ) }", j: 5 }),
    ["locals {", '  a = "${a(}"', "    b = 1", '    c = "${f((}"', "      d = 2", '    e = "${))}"', "    f = 3", '  g = "${)}"', "  h = 4", 'i = "${)}"', "j = 5", "}"],
    [],
    { meaning: "not valid Terraform" },
  );

  renders("spaces an object right inside a directive as hclwrite does", locals({ x: "%{ {a=1} }" }), ["locals {", '  x = "%{ { a = 1 } }"', "}"], [], { meaning: "not valid Terraform" });

  it("writes an empty document as nothing", () => {
    expect(hclOf({})).toBe("");
    expect(hclOf({ "//": { metadata: {} } })).toBe("");
  });
});

describe("top-level blocks", () => {
  renders(
    "terraform: required_version and required_providers literal, configuration_aliases as references, backend",
    {
      terraform: {
        required_version: ">= 1.5, ${x}",
        required_providers: {
          azurerm: { source: "hashicorp/azurerm", version: "4.0.0", configuration_aliases: ["azurerm.second", "azurerm.third"] },
          legacy: "~> 1.0 ${x}",
          "my-p": { source: "a/b ${x}" },
          one: { configuration_aliases: "one.a" },
        },
        backend: { azurerm: { key: "state ${x}", use_azuread_auth: true, "//": "skipped" } },
      },
    },
    [
      "terraform {",
      '  required_version = ">= 1.5, $${x}"',
      "",
      "  required_providers {",
      "    azurerm = {",
      '      source  = "hashicorp/azurerm"',
      '      version = "4.0.0"',
      "      configuration_aliases = [",
      "        azurerm.second,",
      "        azurerm.third,",
      "      ]",
      "    }",
      '    legacy = "~> 1.0 $${x}"',
      '    my-p   = { source = "a/b $${x}" }',
      "    one    = { configuration_aliases = one.a }",
      "  }",
      "",
      '  backend "azurerm" {',
      '    key              = "state $${x}"',
      "    use_azuread_auth = true",
      "  }",
      "}",
    ],
    [],
    { meaning: "the canonical form of __tests__/support/hcl-json.ts reads configuration_aliases as literal text (Terraform reads references)" },
  );

  renders(
    "terraform: cloud with a workspaces block, settings literal",
    { terraform: { cloud: { organization: "org ${x}", workspaces: { name: "ws-${x}", tags: ["a"] }, hostname: "h" } } },
    [
      "terraform {",
      "  cloud {",
      '    organization = "org $${x}"',
      '    hostname     = "h"',
      "",
      "    workspaces {",
      '      name = "ws-$${x}"',
      '      tags = ["a"]',
      "    }",
      "  }",
      "}",
    ],
  );

  renders("terraform: empty", { terraform: {} }, ["terraform {}"]);

  renders(
    "provider: one block per instance, alias and version literal, blocks from the specs",
    { provider: { azurerm: [{ features: [{}], alias: "a ${x}", version: "v ${x}" }, { features: {}, skip: "${var.s}" }], other: { region: "r" } } },
    ['provider "azurerm" {', '  alias   = "a $${x}"', '  version = "v $${x}"', "", "  features {}", "}", "", 'provider "azurerm" {', "  skip = var.s", "", "  features {}", "}", "", 'provider "other" {', '  region = "r"', "}"],
    [{ provider: { azurerm: [{ features: blockSpec([{}]) }] } }],
  );

  renders(
    "provider: a dynamic block",
    { provider: { p: { dynamic: { assume: { for_each: "${var.roles}", content: { role: "${assume.value}" } } } } } },
    ['provider "p" {', '  dynamic "assume" {', "    for_each = var.roles", "", "    content {", "      role = assume.value", "    }", "  }", "}"],
  );

  renders(
    "variable: type as an expression, default and description literal, validation blocks",
    {
      variable: {
        v: {
          type: "${list(string)}",
          default: ["${x}", "%{y}", { "${k}": "$${z}" }],
          description: 'd ${x} "q"',
          sensitive: true,
          nullable: false,
          validation: [{ condition: "${length(var.v) > 0}", error_message: "must ${not}" }, { condition: "${var.ok}", error_message: "e" }],
        },
        w: {},
        t: { type: "map(object({ a = string }))", default: null },
      },
    },
    [
      'variable "v" {',
      "  type = list(string)",
      "  default = [",
      '    "$${x}",',
      '    "%%{y}",',
      '    { "$${k}" = "$$${z}" },',
      "  ]",
      '  description = "d $${x} \\"q\\""',
      "  sensitive   = true",
      "  nullable    = false",
      "",
      "  validation {",
      "    condition     = length(var.v) > 0",
      '    error_message = "must ${not}"',
      "  }",
      "",
      "  validation {",
      "    condition     = var.ok",
      '    error_message = "e"',
      "  }",
      "}",
      "",
      'variable "w" {}',
      "",
      'variable "t" {',
      "  type    = map(object({ a = string }))",
      "  default = null",
      "}",
    ],
  );

  renders(
    "locals: templates and expressions",
    { locals: { a: "${var.x}", "b-c": 1, d: "x", "//": "skipped" } },
    ["locals {", "  a   = var.x", "  b-c = 1", '  d   = "x"', "}"],
  );

  renders(
    "output: value, description literal, precondition blocks, depends_on last",
    { output: { o: { depends_on: ["var.x", "${var.y}"], value: "${var.x}", description: "d ${x}", sensitive: true, precondition: { condition: "${true}", error_message: "m" } }, p: { value: "v", depends_on: "var.x" } } },
    [
      'output "o" {',
      "  value       = var.x",
      '  description = "d $${x}"',
      "  sensitive   = true",
      "",
      "  precondition {",
      "    condition     = true",
      '    error_message = "m"',
      "  }",
      "",
      "  depends_on = [",
      "    var.x,",
      "    var.y,",
      "  ]",
      "}",
      "",
      'output "p" {',
      '  value = "v"',
      "",
      "  depends_on = var.x",
      "}",
    ],
    [],
    "depends_on = var.x (not a list) is not valid Terraform",
  );

  renders(
    "module: meta-arguments first, source and version literal, providers as references, depends_on last",
    { module: { m: { source: "./m ${x}", version: "1.0", input: "${var.i}", count: 2, providers: { azurerm: "azurerm.second", "azurerm.x": "${azurerm.y}" }, depends_on: ["module.n"], for_each: "${var.m}" } } },
    [
      'module "m" {',
      "  count    = 2",
      "  for_each = var.m",
      "",
      '  source  = "./m $${x}"',
      '  version = "1.0"',
      "  input   = var.i",
      "  providers = {",
      "    azurerm   = azurerm.second",
      "    azurerm.x = azurerm.y",
      "  }",
      "",
      "  depends_on = [module.n]",
      "}",
    ],
    [],
    { meaning: "the canonical form of __tests__/support/hcl-json.ts reads module providers as templates (Terraform reads references)" },
  );

  renders(
    "module: one provider on one line",
    { module: { m: { source: "./m", providers: { azurerm: "azurerm.second" } } } },
    ['module "m" {', '  source    = "./m"', "  providers = { azurerm = azurerm.second }", "}"],
    [],
    { meaning: "the canonical form of __tests__/support/hcl-json.ts reads module providers as templates (Terraform reads references)" },
  );

  renders(
    "moved, import and removed blocks",
    {
      moved: [{ from: "a.b", to: "${c.d}" }, { from: "e.f", to: "g.h" }],
      import: [{ to: "a.b", id: "i ${x}", provider: "azurerm.second" }],
      removed: { from: "x.y", lifecycle: { destroy: false } },
    },
    [
      "moved {",
      "  from = a.b",
      "  to   = c.d",
      "}",
      "",
      "moved {",
      "  from = e.f",
      "  to   = g.h",
      "}",
      "",
      "import {",
      "  provider = azurerm.second",
      "",
      "  to = a.b",
      '  id = "i ${x}"',
      "}",
      "",
      "removed {",
      "  from = x.y",
      "",
      "  lifecycle {",
      "    destroy = false",
      "  }",
      "}",
    ],
  );

  renders(
    "removed: provisioner and connection blocks",
    { removed: { from: "x.y", lifecycle: { destroy: false }, provisioner: [{ "local-exec": { command: "echo", when: "destroy" } }], connection: { host: "h" } } },
    [
      "removed {",
      "  from = x.y",
      "",
      '  provisioner "local-exec" {',
      '    command = "echo"',
      "    when    = destroy",
      "  }",
      "",
      "  connection {",
      '    host = "h"',
      "  }",
      "",
      "  lifecycle {",
      "    destroy = false",
      "  }",
      "}",
    ],
    [],
    { meaning: "the canonical form of __tests__/support/hcl-json.ts has no provisioner in removed blocks" },
  );

  renders(
    "writes the top-level blocks in Terraform's order, whatever the JSON's",
    {
      removed: [{ from: "r.r" }],
      import: { to: "i.i", id: "x" },
      moved: { from: "m.m", to: "n.n" },
      output: { o: { value: 1 } },
      module: { m: { source: "./m" } },
      resource: { t: { r: { a: 1 } } },
      data: { t: { d: { a: 1 } } },
      locals: { l: 1 },
      variable: { v: {} },
      provider: { p: {} },
      terraform: { required_version: "1" },
      "//": { metadata: { version: "x" } },
    },
    [
      "terraform {",
      '  required_version = "1"',
      "}",
      "",
      'provider "p" {}',
      "",
      'variable "v" {}',
      "",
      "locals {",
      "  l = 1",
      "}",
      "",
      'data "t" "d" {',
      "  a = 1",
      "}",
      "",
      'resource "t" "r" {',
      "  a = 1",
      "}",
      "",
      'module "m" {',
      '  source = "./m"',
      "}",
      "",
      'output "o" {',
      "  value = 1",
      "}",
      "",
      "moved {",
      "  from = m.m",
      "  to   = n.n",
      "}",
      "",
      "import {",
      "  to = i.i",
      '  id = "x"',
      "}",
      "",
      "removed {",
      "  from = r.r",
      "}",
    ],
  );

  renders("writes block labels as literal strings", { resource: { "t${x}": { 'n"\\': { a: 1 } } } }, ['resource "t$${x}" "n\\"\\\\" {', "  a = 1", "}"], [], "not a valid resource name");

  refuses("refuses an unknown top-level key", { foo: {}, locals: {}, bar: 1 }, 'renderStackHcl: no HCL rendering for top-level "foo", "bar"');
});

describe("resources and data sources", () => {
  const SPECS = {
    resource: {
      t: {
        n: {
          blk: blockSpec([{ inner: blockSpec([{ x: attrSpec(1) }]), plain: attrSpec("p") }]),
          one: blockSpec({ a: attrSpec(1) }),
          none: blockSpec(null),
          attr: attrSpec([{ a: 1 }]),
          list: blockSpec([]),
        },
      },
    },
  };

  renders(
    "writes meta-arguments, attributes, blocks, lifecycle and depends_on in that order, blank lines between groups and around blocks",
    {
      resource: {
        t: {
          n: {
            "//": "comment",
            undef: undefined,
            z: 1,
            provider: "azurerm.x",
            count: "${var.n}",
            for_each: { a: 1, b: 2 },
            blk: [{ inner: [{ x: 1 }, { x: 2 }], plain: "p", "//": "c" }, { inner: { x: 3 }, plain: null }],
            one: { a: 1 },
            none: null,
            list: [1, 2],
            attr: [{ a: 1 }],
            lifecycle: {
              create_before_destroy: true,
              prevent_destroy: false,
              ignore_changes: "all",
              replace_triggered_by: ["a.b", "${c.d}"],
              precondition: [
                { condition: "${a}", error_message: "x" },
                { condition: "${b}", error_message: "y" },
              ],
              postcondition: { condition: '${self.id != ""}', error_message: "z" },
            },
            depends_on: ["a.b", "c.d"],
            provisioner: [
              { "local-exec": { command: "echo ${self.id}", when: "destroy", on_failure: "continue", connection: { type: "ssh", host: "${self.ip}" } } },
              { "remote-exec": { inline: ["a", "b"] } },
            ],
            connection: { type: "winrm" },
            dynamic: { blk: { for_each: "${var.l}", iterator: "it", labels: ["a"], content: { plain: "${it.value}", inner: { x: 1 } } } },
            y: 2,
          },
        },
      },
    },
    [
      'resource "t" "n" {',
      "  provider = azurerm.x",
      "  count    = var.n",
      "  for_each = {",
      "    a = 1",
      "    b = 2",
      "  }",
      "",
      "  z = 1",
      "  list = [",
      "    1,",
      "    2,",
      "  ]",
      "  attr = [{ a = 1 }]",
      "  y    = 2",
      "",
      "  blk {",
      '    plain = "p"',
      "",
      "    inner {",
      "      x = 1",
      "    }",
      "",
      "    inner {",
      "      x = 2",
      "    }",
      "  }",
      "",
      "  blk {",
      "    plain = null",
      "",
      "    inner {",
      "      x = 3",
      "    }",
      "  }",
      "",
      "  one {",
      "    a = 1",
      "  }",
      "",
      '  provisioner "local-exec" {',
      '    command    = "echo ${self.id}"',
      "    when       = destroy",
      "    on_failure = continue",
      "",
      "    connection {",
      '      type = "ssh"',
      "      host = self.ip",
      "    }",
      "  }",
      "",
      '  provisioner "remote-exec" {',
      "    inline = [",
      '      "a",',
      '      "b",',
      "    ]",
      "  }",
      "",
      "  connection {",
      '    type = "winrm"',
      "  }",
      "",
      '  dynamic "blk" {',
      "    for_each = var.l",
      "    iterator = it",
      '    labels   = ["a"]',
      "",
      "    content {",
      "      plain = it.value",
      "",
      "      inner {",
      "        x = 1",
      "      }",
      "    }",
      "  }",
      "",
      "  lifecycle {",
      "    create_before_destroy = true",
      "    prevent_destroy       = false",
      "    ignore_changes        = all",
      "    replace_triggered_by = [",
      "      a.b,",
      "      c.d,",
      "    ]",
      "",
      "    precondition {",
      "      condition     = a",
      '      error_message = "x"',
      "    }",
      "",
      "    precondition {",
      "      condition     = b",
      '      error_message = "y"',
      "    }",
      "",
      "    postcondition {",
      '      condition     = self.id != ""',
      '      error_message = "z"',
      "    }",
      "  }",
      "",
      "  depends_on = [",
      "    a.b,",
      "    c.d,",
      "  ]",
      "}",
    ],
    [SPECS],
  );

  renders(
    "uses the block paths of its own element only; an empty or null block is no block",
    { resource: { t: { m: { blk: [{ plain: "p" }], lifecycle: { ignore_changes: ["tags", "name"] } }, e: {}, n: { blk: [], none: null, one: null } } } },
    [
      'resource "t" "m" {',
      '  blk = [{ plain = "p" }]',
      "",
      "  lifecycle {",
      "    ignore_changes = [",
      "      tags,",
      "      name,",
      "    ]",
      "  }",
      "}",
      "",
      'resource "t" "e" {}',
      "",
      'resource "t" "n" {}',
    ],
    [SPECS],
  );

  renders(
    "writes a block path holding something else than objects as an attribute",
    { resource: { t: { n: { blk: [{ plain: "p" }, "x"], one: "${var.one}", list: [{}, null] } } } },
    ['resource "t" "n" {', "  blk = [", '    { plain = "p" },', '    "x",', "  ]", "  one = var.one", "  list = [", "    {},", "    null,", "  ]", "}"],
    [SPECS],
    "not valid for the (made-up) schema",
  );

  renders(
    "writes data sources with the same rules, from their own block paths",
    { data: { d: { n: { count: 1, x: "y", blk: { a: 1 }, depends_on: ["t.n"] } } }, resource: { d: { n: { blk: { a: 1 } } } } },
    ['data "d" "n" {', "  count = 1", "", '  x = "y"', "", "  blk {", "    a = 1", "  }", "", "  depends_on = [t.n]", "}", "", 'resource "d" "n" {', "  blk = { a = 1 }", "}"],
    [{ data: { d: { n: { blk: blockSpec({ a: attrSpec(1) }) } } } }],
  );

  renders(
    "writes dynamic blocks nested in blocks, with their content's own block paths",
    { resource: { t: { n: { blk: { dynamic: { inner: { for_each: "${var.l}", content: { x: "${inner.value}", deep: { y: 1 } } } } } } } } },
    [
      'resource "t" "n" {',
      "  blk {",
      '    dynamic "inner" {',
      "      for_each = var.l",
      "",
      "      content {",
      "        x = inner.value",
      "",
      "        deep {",
      "          y = 1",
      "        }",
      "      }",
      "    }",
      "  }",
      "}",
    ],
    [{ resource: { t: { n: { blk: blockSpec({ inner: blockSpec([{ deep: blockSpec([{ y: attrSpec(1) }]) }]) }) } } } }],
  );

  renders(
    "writes provisioner and lifecycle values as given when they are not strings",
    { resource: { t: { n: { lifecycle: { ignore_changes: ["tags"], replace_triggered_by: [] }, provisioner: { "local-exec": { command: "x", when: null } } } } } },
    ['resource "t" "n" {', '  provisioner "local-exec" {', '    command = "x"', "    when    = null", "  }", "", "  lifecycle {", "    ignore_changes       = [tags]", "    replace_triggered_by = []", "  }", "}"],
    [],
    "when = null is not valid Terraform",
  );
});

describe("renderStackHcl", () => {
  it("returns the JSON's `//` and terraform as metadata, {} where they are missing or not objects", () => {
    const meta = { metadata: { version: "1" }, outputs: {} };
    const terraform = { required_version: "1" };
    expect(renderStackHcl(jsonStack({ "//": meta, terraform })).metadata).toEqual({ "//": meta, terraform });
    expect(renderStackHcl(jsonStack({})).metadata).toEqual({ "//": {}, terraform: {} });
    expect(renderStackHcl(jsonStack({ "//": "x", terraform: ["y"] })).metadata).toEqual({ "//": {}, terraform: {} });
    expect(renderStackHcl(jsonStack({ "//": null, terraform: null }))).toEqual({ hcl: "terraform {}\n", metadata: { "//": {}, terraform: {} } });
  });

  it("renders a real stack's JSON, `//` skipped", () => {
    const stack = new TerraformStack(Testing.app(), "real");
    expect(Object.keys(stack.toTerraform())).toEqual(["//"]);
    expect(renderStackHcl(stack)).toEqual({ hcl: "", metadata: { "//": stack.toTerraform()["//"], terraform: {} } });
  });
});

describe("hclBlockPaths", () => {
  it("collects block paths per resource, data source and provider, nested through lists and single objects", () => {
    const stack = jsonStack(
      {},
      {
        resource: {
          t: {
            a: { blk: blockSpec([{ inner: blockSpec({ deep: blockSpec([{ x: attrSpec(1) }]) }), plain: attrSpec(1) }, { other: blockSpec([]) }]), attr: attrSpec([{ nested: blockSpec([]) }]) },
            b: { x: attrSpec(1) },
          },
          u: { c: { one: blockSpec(null) } },
        },
        data: { t: { a: { d: blockSpec({}) } } },
        provider: { p: [{ features: blockSpec([{}]) }, { other: blockSpec({}) }], q: { f: blockSpec([]) } },
      },
      { resource: { t: { b: { late: blockSpec([]) } } } },
    );
    const paths = hclBlockPaths(stack);
    expect([...paths.keys()]).toEqual(["resource.t.a", "resource.t.b", "resource.u.c", "data.t.a", "provider.p", "provider.q"]);
    expect(paths.get("resource.t.a")).toEqual(new Set(["blk", "blk.inner", "blk.inner.deep", "blk.other"]));
    expect(paths.get("resource.t.b")).toEqual(new Set(["late"]));
    expect(paths.get("resource.u.c")).toEqual(new Set(["one"]));
    expect(paths.get("data.t.a")).toEqual(new Set(["d"]));
    expect(paths.get("provider.p")).toEqual(new Set(["features", "other"]));
    expect(paths.get("provider.q")).toEqual(new Set(["f"]));
  });

  it("reads specs in camelCase and snake_case, and only objects with a value and a spec marker", () => {
    const stack = jsonStack(
      {},
      {
        resource: {
          t: {
            a: {
              camel: { value: [], isBlock: true },
              snake: { value: [], is_block: true },
              notBlock: { value: [], isBlock: false, storageClassType: "list" },
              storageOnly: { value: [], storageClassType: "list" },
              storageSnake: { value: [], storage_class_type: "list" },
              noValue: { isBlock: true },
              noMarker: { value: [] },
              truthy: { value: [], isBlock: "true" },
              plain: "x",
              list: [blockSpec([])],
              nil: null,
            },
          },
        },
      },
    );
    expect(hclBlockPaths(stack).get("resource.t.a")).toEqual(new Set(["camel", "snake"]));
  });

  it("skips elements without resources, data sources or providers, and fragments that are no objects", () => {
    const stack = jsonStack({}, "not an object", null, [1], { output: { o: { value: blockSpec([]) } } }, { resource: "x", data: { t: "y" }, provider: { p: null } });
    expect(hclBlockPaths(stack)).toEqual(new Map());
  });

  it("resolves tokens in specs, and does not descend into nested stacks", () => {
    const app = Testing.app();
    const outer = new TerraformStack(app, "outer");
    const lazy = Lazy.anyValue({ produce: () => [{ inner: blockSpec([]) }] });
    new SpecElement(outer, "own", { resource: { t: { own: { blk: blockSpec(lazy) } } } });
    const inner = new TerraformStack(outer, "inner");
    new SpecElement(inner, "nested", { resource: { t: { nested: { blk: blockSpec([]) } } } });
    expect(hclBlockPaths(outer)).toEqual(new Map([["resource.t.own", new Set(["blk", "blk.inner"])]]));
    expect(hclBlockPaths(inner)).toEqual(new Map([["resource.t.nested", new Set(["blk"])]]));
  });
});

// ---------------------------------------------------------------------------

describe("every expected text", () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  it("is what terraform fmt leaves (@cdktf/hcl-tools)", async () => {
    const { format } = require("@cdktf/hcl-tools") as typeof import("@cdktf/hcl-tools");
    const checked = CASES.filter((c) => !c.skip.fmt);
    expect(CASES.length).toBe(41);
    expect(checked.length).toBe(34);
    for (const c of checked) expect([c.name, await format(c.hcl)]).toEqual([c.name, c.hcl]);
  });

  it("means what its JSON means (@cdktf/hcl2json)", async () => {
    const { canonicalHcl, canonicalJson } = require("../../support/hcl-json") as typeof import("../../support/hcl-json");
    const checked = CASES.filter((c) => !c.skip.meaning);
    expect(checked.length).toBe(21);
    const differ: string[] = [];
    for (const c of checked) {
      const hcl = await canonicalHcl(c.hcl);
      const json = canonicalJson(c.doc, hclBlockPaths(jsonStack(c.doc, ...c.specs)));
      if (!isDeepStrictEqual(hcl, json)) differ.push(`${c.name}:\n${JSON.stringify(hcl)}\n${JSON.stringify(json)}`);
    }
    expect(differ).toEqual([]);
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
});

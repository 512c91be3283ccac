/**
 * lib/core's pure functions: errors and messages, ARM ids and labels,
 * names, Terraform literals and shell words, regions. (CIDR math is in
 * cidr.test.ts; what needs constructs or cdktf in constructs.test.ts.)
 * One file, so that a mutation run loads the test environment once.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { ARM_RESOURCE_TYPES, armIdArgument, armIdKey, canonicalArmId, formatArmId, isArmIdOf, isGuid, parseArmId, shortHash, uniqueLabels } from "../../../lib/core/arm";
import { ArcConnectivityError, Problem, fail, formatProblem, problem, show, suggest, uniqueNames } from "../../../lib/core/errors";
import { literalText, oneLine, shellQuote, terraformLiteral, terraformLiterals } from "../../../lib/core/literal";
import { ABBREVIATIONS, boundedName, nameSegment, resourceName } from "../../../lib/core/naming";
import { AZURE_REGION_NAMES, azureRegion, hisRegionCode, isAzureRegion } from "../../../lib/core/regions";
import { literalValue } from "../../support/template-check";

/** The test's own SHA-256 prefix, independent of shortHash. */
const sha6 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 6);


describe("ArcConnectivityError", () => {
  const p1: Problem = { path: "spokes[1].addressSpace[0]", message: "has host bits set" };
  const p2: Problem = { path: "", message: "no path here" };

  it("holds one problem, formatted as `path: message`", () => {
    const e = new ArcConnectivityError(p1);
    expect(e.message).toBe("spokes[1].addressSpace[0]: has host bits set");
    expect(e.name).toBe("ArcConnectivityError");
    expect(e.problems).toEqual([p1]);
    expect(e).toBeInstanceOf(Error);
  });

  it("holds a list of problems, one per line, a problem without a path as its message only", () => {
    const e = new ArcConnectivityError([p1, p2]);
    expect(e.message).toBe("spokes[1].addressSpace[0]: has host bits set\nno path here");
    expect(e.problems).toEqual([p1, p2]);
    expect(new ArcConnectivityError([]).message).toBe("");
    expect(new ArcConnectivityError([]).problems).toEqual([]);
  });

  it("is() tells its errors from everything else, across realms (by name and problems)", () => {
    expect(ArcConnectivityError.is(new ArcConnectivityError(p1))).toBe(true);
    const lookalike = Object.assign(new Error("x"), { name: "ArcConnectivityError", problems: [] });
    expect(ArcConnectivityError.is(lookalike)).toBe(true);
    expect(ArcConnectivityError.is(new Error("x"))).toBe(false);
    expect(ArcConnectivityError.is(Object.assign(new Error("x"), { name: "ArcConnectivityError" }))).toBe(false);
    expect(ArcConnectivityError.is(Object.assign(new Error("x"), { name: "ArcConnectivityError", problems: "p" }))).toBe(false);
    expect(ArcConnectivityError.is(Object.assign(new Error("x"), { problems: [] }))).toBe(false);
    expect(ArcConnectivityError.is({ name: "ArcConnectivityError", problems: [], message: "" })).toBe(false);
    expect(ArcConnectivityError.is(undefined)).toBe(false);
    expect(ArcConnectivityError.is("ArcConnectivityError")).toBe(false);
  });
});

describe("formatProblem and problem", () => {
  it("formats with and without a path", () => {
    expect(formatProblem({ path: "a.b", message: "m" })).toBe("a.b: m");
    expect(formatProblem({ path: "", message: "m" })).toBe("m");
  });

  it("builds the message from rule, received value and fix", () => {
    expect(problem("spokes[1].addressSpace[0]", "10.0.0.1/24", "has host bits set", "use 10.0.0.0/24")).toEqual({
      path: "spokes[1].addressSpace[0]",
      message: 'has host bits set; got "10.0.0.1/24". Fix: use 10.0.0.0/24',
    });
    expect(problem("x", undefined, "is required", "set it")).toEqual({ path: "x", message: "is required; got nothing. Fix: set it" });
  });

  it("fail() throws one problem", () => {
    let thrown: unknown;
    try {
      fail("Hub/Vnet", 7, "too many", "use fewer");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ArcConnectivityError);
    expect((thrown as ArcConnectivityError).problems).toEqual([{ path: "Hub/Vnet", message: "too many; got 7. Fix: use fewer" }]);
    expect((thrown as ArcConnectivityError).message).toBe("Hub/Vnet: too many; got 7. Fix: use fewer");
  });
});

describe("show", () => {
  it("renders values as JSON", () => {
    expect(show(undefined)).toBe("nothing");
    expect(show(null)).toBe("null");
    expect(show("")).toBe('""');
    expect(show('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(show(5)).toBe("5");
    expect(show(-1.5)).toBe("-1.5");
    expect(show(false)).toBe("false");
    expect(show([1, "a"])).toBe('[1,"a"]');
    expect(show({ a: { b: null } })).toBe('{"a":{"b":null}}');
  });

  it("falls back to String() for what JSON cannot write", () => {
    expect(show(Symbol("s"))).toBe("Symbol(s)");
    expect(show(10n)).toBe("10");
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(show(circular)).toBe("[object Object]");
  });

  it("masks URL credentials in strings and in JSON", () => {
    expect(show("https://user:secret@example.com/x")).toBe('"https://***@example.com/x"');
    expect(show("proxy HTTP://Admin:P4ss@proxy:8080 and git+ssh://git@host.example/repo")).toBe('"proxy HTTP://***@proxy:8080 and git+ssh://***@host.example/repo"');
    expect(show({ url: "socks5h://u-1.x:p@h" })).toBe('{"url":"socks5h://***@h"}');
    // an @ after a path, a space or a closing quote is not a credential
    expect(show("https://host/a@b")).toBe('"https://host/a@b"');
    expect(show("https://host a@b")).toBe('"https://host a@b"');
    expect(show(["https://host", "me@example.com"])).toBe('["https://host","me@example.com"]');
    expect(show("mail me@example.com")).toBe('"mail me@example.com"');
    expect(show("1https://u@h")).toBe('"1https://u@h"');
  });

  it("keeps a string of 200 characters and cuts one of 201 to 120, with its length", () => {
    const at = "a".repeat(200);
    expect(show(at)).toBe(`"${at}"`);
    expect(show(`${at}b`)).toBe(`"${"a".repeat(120)}"... (201 characters)`);
    // the limit applies to the masked text; the length given is the received one
    const creds = `https://user:secret@h/${"a".repeat(180)}`;
    expect(creds.length).toBe(202);
    expect(show(creds)).toBe(`"https://***@h/${"a".repeat(180)}"`);
    const long = `https://user:secret@h/${"b".repeat(300)}`;
    expect(show(long)).toBe(`"https://***@h/${"b".repeat(106)}"... (322 characters)`);
  });

  it("keeps other values up to 200 characters of JSON and cuts longer ones to 197 and `...`", () => {
    const at = ["x".repeat(196)]; // ["xxx..."] is 200 characters
    expect(JSON.stringify(at).length).toBe(200);
    expect(show(at)).toBe(JSON.stringify(at));
    const over = ["x".repeat(197)];
    expect(show(over)).toBe(`["${"x".repeat(195)}...`);
    expect(show({ url: `https://user:secret@h/${"c".repeat(170)}` })).toBe(`{"url":"https://***@h/${"c".repeat(170)}"}`);
  });
});

describe("uniqueNames", () => {
  it("returns [] for first names and one problem per repeat, naming the first", () => {
    const check = uniqueNames("spokes", "Spoke", "names key the resources");
    expect(check("a", 0)).toEqual([]);
    expect(check("b", 1)).toEqual([]);
    expect(check("A", 2)).toEqual([]);
    const repeat = { path: "spokes[3].name", message: 'Spoke names are unique (also spokes[0]); names key the resources; got "a". Fix: rename one of them' };
    expect(check("a", 3)).toEqual([repeat]);
    expect(check("a", 4)).toEqual([{ ...repeat, path: "spokes[4].name" }]);
    expect(check("b", 5)).toEqual([{ path: "spokes[5].name", message: 'Spoke names are unique (also spokes[1]); names key the resources; got "b". Fix: rename one of them' }]);
  });

  it("keeps one record per check", () => {
    const one = uniqueNames("x", "X", "y");
    const two = uniqueNames("x", "X", "y");
    expect(one("a", 0)).toEqual([]);
    expect(two("a", 0)).toEqual([]);
  });
});

describe("suggest", () => {
  it("suggests close names in their own casing, and nothing when none is close", () => {
    expect(suggest("westeurpoe", ["northeurope", "westeurope"])).toBe("westeurope");
    expect(suggest("WestEurope", ["westeurope"])).toBe("westeurope");
    expect(suggest("westeurope", ["WestEurope"])).toBe("WestEurope");
    expect(suggest("mars", ["westeurope", "northeurope"])).toBeUndefined();
    expect(suggest("anything", [])).toBeUndefined();
    expect(suggest("", [""])).toBe("");
  });

  it("prefers the first of equally close candidates, and a closer later one", () => {
    expect(suggest("ab", ["ax", "ay"])).toBe("ax");
    expect(suggest("abcd", ["abxx", "abcx"])).toBe("abcx");
  });

  it("passes at the distance limit max(2, length/3) and fails past it", () => {
    // length 5: limit 2
    expect(suggest("abcde", ["abxxe"])).toBe("abxxe");
    expect(suggest("abcde", ["axxxe"])).toBeUndefined();
    // length 9: limit 3
    expect(suggest("abcdefghi", ["abcdefxxx"])).toBe("abcdefxxx");
    expect(suggest("abcdefghi", ["abcdexxxx"])).toBeUndefined();
    // length 12: limit 4
    expect(suggest("abcdefghijkl", ["abcdefghxxxx"])).toBe("abcdefghxxxx");
    expect(suggest("abcdefghijkl", ["abcdefgxxxxx"])).toBeUndefined();
    // insertions and deletions count one each
    expect(suggest("ab", ["abcd"])).toBe("abcd");
    expect(suggest("ab", ["abcde"])).toBeUndefined();
    expect(suggest("abcd", ["ab"])).toBe("ab");
    expect(suggest("abcde", ["ab"])).toBeUndefined();
  });

  it("agrees with a Levenshtein oracle", () => {
    const lev = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length][b.length];
    };
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "A"), maxLength: 10 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 4 }), (v, candidates) => {
        const limit = Math.max(2, Math.floor(v.length / 3));
        let best: string | undefined;
        let bestD = Infinity;
        for (const c of candidates) {
          const d = lev(v.toLowerCase(), c.toLowerCase());
          if (d < bestD) [best, bestD] = [c, d];
        }
        expect(suggest(v, candidates)).toBe(bestD <= limit ? best : undefined);
      }),
      { numRuns: 400 },
    );
  });
});

const SUB = "00000000-0000-0000-0000-000000000000";
const id = (rg: string, type: string, name: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;

describe("parseArmId", () => {
  it("parses a canonical top-level id", () => {
    expect(parseArmId(id("rg-x", "Microsoft.KeyVault/vaults", "kv1"))).toEqual({ subscriptionId: SUB, resourceGroup: "rg-x", type: "Microsoft.KeyVault/vaults", name: "kv1" });
  });

  it("reads static segments in any casing and writes a known type in canonical casing; names keep theirs", () => {
    const lower = `/SUBSCRIPTIONS/${SUB}/resourcegroups/RG-Mixed/PROVIDERS/microsoft.network/PRIVATEDNSZONES/privatelink.His.Arc.Azure.Com`;
    expect(parseArmId(lower)).toEqual({ subscriptionId: SUB, resourceGroup: "RG-Mixed", type: "Microsoft.Network/privateDnsZones", name: "privatelink.His.Arc.Azure.Com" });
    expect(parseArmId(`/subscriptions/ABCDEF01-2345-6789-ABCD-EF0123456789/resourceGroups/rg/providers/microsoft.keyvault/VAULTS/kv`)).toEqual({
      subscriptionId: "ABCDEF01-2345-6789-ABCD-EF0123456789",
      resourceGroup: "rg",
      type: "Microsoft.KeyVault/vaults",
      name: "kv",
    });
  });

  it("writes every known type in its canonical casing from any casing", () => {
    expect(ARM_RESOURCE_TYPES.length).toBe(15);
    for (const type of ARM_RESOURCE_TYPES) {
      expect(parseArmId(id("rg", type.toLowerCase(), "n"))?.type).toBe(type);
      expect(parseArmId(id("rg", type.toUpperCase(), "n"))?.type).toBe(type);
    }
  });

  it.each(["\u0000", "\u001f", "\u007f", "\u0085", "\u009f", "\u200b", "\u200f", "\u202a", "\u202e", "\u2060", "\u2064", "\ufeff"])("refuses a name holding the control or format character %j (it could hide or reorder text in messages and hand-off files)", (c) => {
    expect(parseArmId(id("rg", "Microsoft.HybridCompute/machines", `web${c}01`))).toBeUndefined();
    expect(parseArmId(id("rg", "Microsoft.HybridCompute/machines", "web\u00e901"))).toBeDefined();
  });

  it("keeps an unknown type as written", () => {
    expect(parseArmId(id("rg", "microsoft.compute/VirtualMachines", "vm1"))).toEqual({ subscriptionId: SUB, resourceGroup: "rg", type: "microsoft.compute/VirtualMachines", name: "vm1" });
    expect(parseArmId(id("rg", "Contoso.Widgets2/gadgets9", "g"))?.type).toBe("Contoso.Widgets2/gadgets9");
  });

  it("refuses what is not a top-level id", () => {
    const ok = id("rg", "Microsoft.KeyVault/vaults", "kv1");
    expect(parseArmId(ok)).toEqual({ subscriptionId: SUB, resourceGroup: "rg", type: "Microsoft.KeyVault/vaults", name: "kv1" });
    const bads = [
      "",
      "/subscriptions/x/resourceGroups",
      `x${ok}`,
      ` ${ok}`,
      `${ok} `,
      `${ok}/`,
      `${ok}\n`,
      `${id("rg", "Microsoft.Network/virtualNetworks", "v")}/subnets/s`, // a child resource
      id("rg", "Microsoft.KeyVault", "kv1"),
      id("rg", "Microsoft.KeyVault/vaults/extra", "kv1"),
      id("rg", "1Microsoft.KeyVault/vaults", "kv1"),
      id("rg", "Microsoft.KeyVault/1vaults", "kv1"),
      id("rg", "Microsoft-KeyVault/vaults", "kv1"),
      id("rg", "Microsoft.KeyVault/va-ults", "kv1"),
      id("rg", "Microsoft.KeyVault/vaults", ""),
      id("rg", "Microsoft.KeyVault/vaults", "kv1", "0000000-0000-0000-0000-000000000000"),
      id("rg", "Microsoft.KeyVault/vaults", "kv1", "00000000-0000-0000-0000-0000000000000"),
      id("rg", "Microsoft.KeyVault/vaults", "kv1", "g0000000-0000-0000-0000-000000000000"),
      id("rg", "Microsoft.KeyVault/vaults", "kv1", "00000000000000000000000000000000"),
      ok.replace("/resourceGroups/", "/resourceGroup/"),
      ok.replace("/providers/", "/provider/"),
      ok.replace("/subscriptions/", "/subscription/"),
      ok.replace("/subscriptions/", "subscriptions/"),
    ];
    expect(bads.length).toBe(23);
    for (const bad of bads) expect([bad, parseArmId(bad)]).toEqual([bad, undefined]);
  });

  it("passes a resource group of 90 characters and fails at 91", () => {
    const rg90 = `${"r".repeat(89)}1`;
    expect(parseArmId(id(rg90, "Microsoft.KeyVault/vaults", "kv"))?.resourceGroup).toBe(rg90);
    expect(parseArmId(id(`${rg90}x`, "Microsoft.KeyVault/vaults", "kv"))).toBeUndefined();
    expect(parseArmId(id("r", "Microsoft.KeyVault/vaults", "kv"))?.resourceGroup).toBe("r");
    expect(parseArmId(id("", "Microsoft.KeyVault/vaults", "kv"))).toBeUndefined();
  });

  it("takes ARM's resource group characters, not ending in a dot", () => {
    const good = ["rg-a_b.c(d)", "(rg)", "rg_", "rg-", "a.b", "RG9"];
    expect(good.map((rg) => parseArmId(id(rg, "Microsoft.KeyVault/vaults", "kv"))?.resourceGroup)).toEqual(good);
    const bad = ["rg.", "r g", "rg/x", "rg$", "rg{", ".", "rg*"];
    expect(bad.map((rg) => parseArmId(id(rg, "Microsoft.KeyVault/vaults", "kv")))).toEqual(bad.map(() => undefined));
  });

  it("refuses names with whitespace, characters Azure forbids, quotes, braces, $, |, ^ or backticks", () => {
    const names = ["kv-1", "kv.1", "kv_1", "KV(1)", "kv@1", "kv!", "kv=1", "kv,1", "kv;1", "kv~1", "kv[1]", "ü"];
    expect(names.map((name) => parseArmId(id("rg", "Microsoft.KeyVault/vaults", name))?.name)).toEqual(names);
    const forbidden = [" ", "\t", "\n", "<", ">", "%", "&", ":", "\\", "?", "*", "+", "#", '"', "'", "{", "}", "$", "|", "^", "`", "/"];
    expect(forbidden.length).toBe(22);
    const refused = forbidden.flatMap((c) => [`kv${c}1`, `${c}kv`, `kv${c}`]);
    expect(refused.length).toBe(66);
    expect(refused.map((name) => parseArmId(id("rg", "Microsoft.KeyVault/vaults", name)))).toEqual(refused.map(() => undefined));
  });
});

describe("formatArmId, canonicalArmId, armIdArgument", () => {
  const messy = `/subscriptions/${SUB}/resourcegroups/RG/providers/microsoft.keyvault/vaults/KV1`;
  const canonical = `/subscriptions/${SUB}/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/KV1`;

  it("formats the parts", () => {
    expect(formatArmId({ subscriptionId: "s", resourceGroup: "g", type: "A.B/c", name: "n" })).toBe("/subscriptions/s/resourceGroups/g/providers/A.B/c/n");
  });

  it("writes an id in canonical casing, or nothing when it is not a top-level id", () => {
    expect(canonicalArmId(messy)).toBe(canonical);
    expect(canonicalArmId(canonical)).toBe(canonical);
    expect(canonicalArmId("${azurerm_key_vault.kv.id}")).toBeUndefined();
    expect(canonicalArmId("")).toBeUndefined();
  });

  it("passes an argument through canonical casing when it parses, unchanged otherwise", () => {
    expect(armIdArgument(messy)).toBe(canonical);
    expect(armIdArgument("${TfToken[TOKEN.1]}")).toBe("${TfToken[TOKEN.1]}");
    const child = `${canonical.replace("Microsoft.KeyVault/vaults/KV1", "microsoft.network/virtualNetworks/V")}/subnets/S`;
    expect(armIdArgument(child)).toBe(child);
  });
});

describe("isArmIdOf and armIdKey", () => {
  it("tells an id's type in any casing", () => {
    const kv = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.keyvault/VAULTS/kv`;
    expect(isArmIdOf(kv, "Microsoft.KeyVault/vaults")).toBe(true);
    expect(isArmIdOf(kv, "microsoft.keyvault/vaults")).toBe(true);
    expect(isArmIdOf(kv, "MICROSOFT.KEYVAULT/VAULTS")).toBe(true);
    expect(isArmIdOf(id("rg", "Contoso.Things/Widgets", "w"), "contoso.things/widgets")).toBe(true);
    expect(isArmIdOf(id("rg", "contoso.things/widgets", "w"), "Contoso.Things/Widgets")).toBe(true);
    expect(isArmIdOf(kv, "Microsoft.Storage/storageAccounts")).toBe(false);
    expect(isArmIdOf("not an id", "Microsoft.KeyVault/vaults")).toBe(false);
    expect(isArmIdOf("", "")).toBe(false);
  });

  it("gives equal keys to the same resource in any casing, and different keys to others", () => {
    const a = `/subscriptions/${SUB}/resourcegroups/RG/providers/microsoft.keyvault/vaults/KV1`;
    const b = `/SUBSCRIPTIONS/${SUB}/resourceGroups/rg/PROVIDERS/Microsoft.KeyVault/Vaults/kv1`;
    expect(armIdKey(a)).toBe(`/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1`);
    expect(armIdKey(b)).toBe(armIdKey(a));
    expect(armIdKey(id("rg", "Microsoft.KeyVault/vaults", "kv2"))).not.toBe(armIdKey(a));
    expect(armIdKey("Not An ID")).toBe("not an id");
  });
});

describe("shortHash", () => {
  it("is the first six hex characters of SHA-256", () => {
    expect(shortHash("")).toBe("e3b0c4");
    expect(shortHash("abc")).toBe("ba7816");
    fc.assert(fc.property(fc.string(), (s) => expect(shortHash(s)).toBe(sha6(s))), { numRuns: 50 });
  });
});

describe("uniqueLabels", () => {
  const vm = (name: string, rg = "rg") => id(rg, "Microsoft.Compute/virtualMachines", name);
  const key = (x: string) => armIdKey(x);
  const upper = (x: string) => x.toUpperCase().replace(SUB.toUpperCase(), SUB);

  it("keeps bases no other resource shares", () => {
    expect(uniqueLabels([])).toEqual([]);
    expect(uniqueLabels([{ id: vm("a"), base: "vm-a" }, { id: vm("b"), base: "vm-b" }])).toEqual(["vm-a", "vm-b"]);
  });

  it("leaves the first holder of a base its plain base and adds the id's hash to a later one sharing it case-insensitively, keeping each base's casing", () => {
    const a = vm("web01", "rg-one");
    const b = vm("WEB01", "rg-two");
    const c = vm("db01");
    expect(uniqueLabels([{ id: a, base: "web01" }, { id: b, base: "WEB01" }, { id: c, base: "db01" }])).toEqual(["web01", `WEB01-${sha6(key(b))}`, "db01"]);
    expect(uniqueLabels([{ id: b, base: "WEB01" }, { id: a, base: "web01" }, { id: c, base: "db01" }])).toEqual(["WEB01", `web01-${sha6(key(a))}`, "db01"]);
  });

  it("renames nothing already listed when a resource with the same base is appended", () => {
    const a = vm("kv1", "rg-a");
    const b = vm("kv1", "rg-b");
    const c = vm("kv1", "rg-c");
    expect(uniqueLabels([{ id: a, base: "kv1" }])).toEqual(["kv1"]);
    expect(uniqueLabels([{ id: a, base: "kv1" }, { id: b, base: "kv1" }])).toEqual(["kv1", `kv1-${sha6(key(b))}`]);
    expect(uniqueLabels([{ id: a, base: "kv1" }, { id: b, base: "kv1" }, { id: c, base: "kv1" }])).toEqual(["kv1", `kv1-${sha6(key(b))}`, `kv1-${sha6(key(c))}`]);
  });

  it("moves the plain base to whichever comes first when same-base resources are inserted before, reordered or the first removed (documented)", () => {
    const a = vm("kv1", "rg-a");
    const b = vm("kv1", "rg-b");
    expect(uniqueLabels([{ id: b, base: "kv1" }, { id: a, base: "kv1" }])).toEqual(["kv1", `kv1-${sha6(key(a))}`]);
    expect(uniqueLabels([{ id: b, base: "kv1" }])).toEqual(["kv1"]);
  });

  it("gives one label to the same resource listed twice in different casings", () => {
    const a = vm("web01");
    const aUpper = upper(a);
    expect(uniqueLabels([{ id: a, base: "web01" }, { id: aUpper, base: "WEB01" }])).toEqual(["web01", "web01"]);
    const b = vm("web01", "rg-two");
    expect(uniqueLabels([{ id: a, base: "web01" }, { id: aUpper, base: "web01" }, { id: b, base: "web01" }])).toEqual(["web01", "web01", `web01-${sha6(key(b))}`]);
    expect(uniqueLabels([{ id: b, base: "web01" }, { id: a, base: "web01" }, { id: aUpper, base: "web01" }])).toEqual(["web01", `web01-${sha6(key(a))}`, `web01-${sha6(key(a))}`]);
  });

  it("hashes again when a hashed label is already another resource's label (a name crafted like a hashed label)", () => {
    const a = vm("web01", "rg-one");
    const b = vm("web01", "rg-two");
    const hashedB = `web01-${sha6(key(b))}`;
    const crafted = vm(hashedB);
    // The crafted name listed before b keeps its plain base; b then hashes again.
    expect(uniqueLabels([{ id: a, base: "web01" }, { id: crafted, base: hashedB }, { id: b, base: "web01" }])).toEqual(["web01", hashedB, `${hashedB}-${sha6(`1:${key(b)}`)}`]);
    // Listed after b, the crafted name is the one that hashes.
    expect(uniqueLabels([{ id: a, base: "web01" }, { id: b, base: "web01" }, { id: crafted, base: hashedB.toUpperCase() }])).toEqual(["web01", hashedB, `${hashedB.toUpperCase()}-${sha6(key(crafted))}`]);
  });

  it("follows a chain of crafted names, one round each", () => {
    const a = vm("x", "rg-one");
    const b = vm("x", "rg-two");
    const l0 = `x-${sha6(key(b))}`;
    const l1 = `${l0}-${sha6(`1:${key(b)}`)}`;
    const c = vm("c");
    const d = vm("d");
    const labels = uniqueLabels([{ id: a, base: "x" }, { id: c, base: l0.toUpperCase() }, { id: d, base: l1 }, { id: b, base: "x" }]);
    expect(labels).toEqual(["x", l0.toUpperCase(), l1, `${l1}-${sha6(`2:${key(b)}`)}`]);
  });

  it("hashes again when two ids' hashes collide", () => {
    // vm2543 and vm3410 (lower-cased ids) share their first six SHA-256 hex characters.
    const a = vm("vm2543");
    const b = vm("vm3410");
    expect(sha6(key(a))).toBe("1712f4");
    expect(sha6(key(b))).toBe("1712f4");
    expect(uniqueLabels([{ id: a, base: "vm" }, { id: b, base: "vm" }])).toEqual(["vm", "vm-1712f4"]);
    const first = vm("vm");
    expect(uniqueLabels([{ id: first, base: "vm" }, { id: a, base: "vm" }, { id: b, base: "vm" }])).toEqual(["vm", "vm-1712f4", `vm-1712f4-${sha6(`1:${key(b)}`)}`]);
  });

  it("never changes earlier labels when items are appended, gives distinct resources distinct labels and one resource one label", () => {
    const pool = [vm("n1", "rg-a"), vm("n2", "rg-a"), vm("n1", "rg-b")];
    // Bases include labels the pool's resources would get when hashed, so crafted names and re-hashing come up.
    const bases = ["web", "Web", "db", ...pool.map((p) => `web-${sha6(key(p))}`), `WEB-${sha6(key(pool[0]))}-${sha6(`1:${key(pool[0])}`)}`];
    const item = fc.record({ at: fc.nat(pool.length - 1), upper: fc.boolean(), base: fc.constantFrom(...bases) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.context(), (raw, ctx) => {
        const items = raw.map((i) => ({ id: i.upper ? upper(pool[i.at]) : pool[i.at], base: i.base }));
        const labels = uniqueLabels(items);
        ctx.log(JSON.stringify(labels));
        expect(labels.length).toBe(items.length);
        for (let k = 0; k <= items.length; k++) expect(uniqueLabels(items.slice(0, k))).toEqual(labels.slice(0, k));
        items.forEach((it, i) => {
          items.forEach((o, j) => expect(labels[i].toLowerCase() === labels[j].toLowerCase()).toBe(key(it.id) === key(o.id)));
          const firstOfItsResource = items.findIndex((o) => key(o.id) === key(it.id));
          if (firstOfItsResource < i) return;
          const earlier = new Set(labels.slice(0, i).map((l) => l.toLowerCase()));
          if (!earlier.has(it.base.toLowerCase())) expect(labels[i]).toBe(it.base);
          else expect(labels[i].startsWith(`${it.base}-${sha6(key(it.id))}`)).toBe(true);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("resourceName", () => {
  it("uses the Cloud Adoption Framework abbreviations", () => {
    expect(ABBREVIATIONS).toEqual({
      resourceGroup: "rg",
      virtualNetwork: "vnet",
      subnet: "snet",
      networkSecurityGroup: "nsg",
      privateEndpoint: "pe",
      privateServiceConnection: "psc",
      networkInterface: "nic",
      publicIp: "pip",
      virtualNetworkGateway: "vgw",
      localNetworkGateway: "lgw",
      connection: "con",
      dnsResolver: "dnspr",
      dnsResolverInbound: "in",
      dnsResolverOutbound: "out",
      dnsForwardingRuleset: "dnsfrs",
      arcPrivateLinkScope: "pls",
      monitorPrivateLinkScope: "ampls",
      peering: "peer",
      kubernetesCluster: "aks",
    });
  });

  it("joins the abbreviation and the non-empty parts with `-`, in lower case", () => {
    expect(resourceName("virtualNetwork", "Contoso", undefined, "hub")).toBe("vnet-contoso-hub");
    expect(resourceName("privateEndpoint", "", "Arc", undefined, "WestEurope")).toBe("pe-arc-westeurope");
    expect(resourceName("resourceGroup")).toBe("rg");
    expect(resourceName("kubernetesCluster", "A_B.c")).toBe("aks-a_b.c");
  });
});

describe("boundedName", () => {
  const name40 = "abcdefghij".repeat(4);

  it("keeps a name at max - 1 and at max", () => {
    expect(boundedName(name40, 41)).toBe(name40);
    expect(boundedName(name40, 40)).toBe(name40);
    expect(boundedName("", 0)).toBe("");
  });

  it("cuts a name at max + 1 and far over to max, ending in `-<hash of the whole name>`", () => {
    expect(boundedName(name40, 39)).toBe(`${name40.slice(0, 32)}-${sha6(name40)}`);
    expect(boundedName(name40, 39).length).toBe(39);
    const long = "x".repeat(500);
    expect(boundedName(long, 24)).toBe(`${"x".repeat(17)}-${sha6(long)}`);
    expect(boundedName(`${name40}!`, 24)).toBe(`${name40.slice(0, 17)}-${sha6(`${name40}!`)}`);
  });

  it("keeps two long names with the same beginning distinct", () => {
    const a = `${"s".repeat(60)}-hub`;
    const b = `${"s".repeat(60)}-spoke`;
    expect(boundedName(a, 24)).toBe(`${"s".repeat(17)}-${sha6(a)}`);
    expect(boundedName(b, 24)).toBe(`${"s".repeat(17)}-${sha6(b)}`);
    expect(boundedName(a, 24)).not.toBe(boundedName(b, 24));
  });

  it("never ends the cut part in `-`, `.` or `_`, however many there are", () => {
    // max 16: the cut keeps 9 characters, then drops the separators it ends in
    const cases = [
      ["a.b-cdef-._-xyz-long-name", "a.b-cdef"],
      ["a.b-cd._-xyz-long-name", "a.b-cd"],
      ["a-b-cdef.-_.-_.-_", "a-b-cdef"],
      ["a.b-cdefg._-xyz-long-name", "a.b-cdefg"],
      ["_________________", ""],
    ];
    expect(cases.length).toBe(5);
    for (const [name, kept] of cases) expect(boundedName(name, 16)).toBe(`${kept}-${sha6(name)}`);
  });

  it("agrees with the oracle on names around every limit", () => {
    const name = fc.string({ unit: fc.constantFrom("a", "Z", "0", "-", ".", "_"), maxLength: 120 });
    fc.assert(
      fc.property(name, fc.integer({ min: 8, max: 90 }), fc.constantFrom(-1, 0, 1, 2, 50), (n, max, over) => {
        const text = n.length >= max + over ? n.slice(0, Math.max(0, max + over)) : n.padEnd(max + over, "a");
        const out = boundedName(text, max);
        if (text.length <= max) expect(out).toBe(text);
        else {
          let kept = text.slice(0, max - 7);
          while (/[-._]$/.test(kept)) kept = kept.slice(0, -1);
          expect(out).toBe(`${kept}-${sha6(text)}`);
          expect(out.length).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("nameSegment", () => {
  it.each([
    ["web01", "web01"],
    ["Web01", "web01"],
    ["WEB-01.prod_x", "web-01.prod_x"],
    ["a b", "a-b"],
    ["a  \t b", "a-b"],
    ["a/b\\c:d", "a-b-c-d"],
    ["a..b__c--d", "a..b__c--d"],
    ["--a.b_c--", "a.b_c"],
    ["._-x-._", "x"],
    ["  x  ", "x"],
    ["x!@#$%^&*()y", "x-y"],
    ["café", "caf"],
    ["a-é-b", "a---b"],
    ["0", "0"],
  ])("%j -> %j", (name, segment) => {
    expect(nameSegment(name)).toBe(segment);
  });

  it("becomes a hash of the name when nothing is left", () => {
    expect(nameSegment("")).toBe("e3b0c4");
    expect(nameSegment("---")).toBe(sha6("---"));
    expect(nameSegment("ÄÖÜ")).toBe(sha6("ÄÖÜ"));
    expect(nameSegment(" ._- ")).toBe(sha6(" ._- "));
  });

  it("agrees with the oracle on names of every character class", () => {
    const unit = fc.constantFrom("a", "z", "A", "Z", "0", "9", "-", ".", "_", " ", "/", "é", "Ä", "😀", "$", "\n");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 16 }), (name) => {
        let out = "";
        let run = false;
        for (const ch of name.toLowerCase()) {
          const ok = /^[a-z0-9._-]$/.test(ch);
          if (ok) out += ch;
          else if (!run) out += "-";
          run = !ok;
        }
        while (/^[-._]/.test(out)) out = out.slice(1);
        while (/[-._]$/.test(out)) out = out.slice(0, -1);
        expect(nameSegment(name)).toBe(out || sha6(name));
      }),
      { numRuns: 300 },
    );
  });
});

/** cdktf string tokens as cdktf writes them (constructs.test.ts checks the format against cdktf's own tokens). */
const TOKEN_A = "${TfToken[TOKEN.0]}";
const TOKEN_B = "${TfToken[TOKEN.123]}";

describe("terraformLiteral", () => {
  it.each([
    ["", ""],
    ["plain", "plain"],
    ["$ % { } $$ %% {}", "$ % { } $$ %% {}"],
    ["cost ${var.env}", "cost $${var.env}"],
    ["100%{x}", "100%%{x}"],
    ["${a}%{b}${c}", "$${a}%%{b}$${c}"],
    ["$${already}", "$$${already}"],
    ["%%{already}", "%%%{already}"],
    ["$%{", "$%%{"],
    ["%${", "%$${"],
    ["{${", "{$${"],
    ["${", "$${"],
  ])("%j -> %j", (text, literal) => {
    expect(terraformLiteral(text)).toBe(literal);
  });

  it("keeps cdktf tokens and escapes the text around them", () => {
    expect(terraformLiteral(TOKEN_A)).toBe(TOKEN_A);
    expect(terraformLiteral(`cost ${TOKEN_A} \${x}`)).toBe(`cost ${TOKEN_A} $\${x}`);
    expect(terraformLiteral(`\${x}${TOKEN_A}%{y}${TOKEN_B}\${z}`)).toBe(`$\${x}${TOKEN_A}%%{y}${TOKEN_B}$\${z}`);
    expect(terraformLiteral(`${TOKEN_A}${TOKEN_B}`)).toBe(`${TOKEN_A}${TOKEN_B}`);
    // what merely looks like a token is text
    expect(terraformLiteral("${TfToken[]}")).toBe("$${TfToken[]}");
    expect(terraformLiteral("${TfToken[a b]}")).toBe("$${TfToken[a b]}");
    expect(terraformLiteral("${TfToken[TOKEN.1]")).toBe("$${TfToken[TOKEN.1]");
    expect(terraformLiteral("${TfToken[x:y.z_w-1]}")).toBe("${TfToken[x:y.z_w-1]}");
  });

  it("writes text that Terraform reads back as exactly the text (oracle: the template reader of the tests)", () => {
    const piece = fc.constantFrom("a", " ", "$", "%", "{", "}", "${", "%{", "$${", "%%{", "$$", "%%", "${x}", "%{ if a }", "\\", '"', "\n", "é");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const text = pieces.join("");
        const literal = terraformLiteral(text);
        expect(literalValue(literal)).toBe(text);
        expect(literalText(literal)).toBe(text);
      }),
      { numRuns: 400 },
    );
  });

  it("escapes each piece of text between tokens on its own", () => {
    const piece = fc.constantFrom("a", "{", "}", "${", "%{", "$${", "%%{", "x}", "%");
    const text = fc.array(piece, { maxLength: 4 }).map((p) => p.join(""));
    const token = fc.constantFrom(TOKEN_A, TOKEN_B);
    fc.assert(
      fc.property(fc.array(fc.tuple(text, token), { maxLength: 4 }), text, (pairs, last) => {
        const expected = pairs.map(([t, k]) => terraformLiteral(t) + k).join("") + terraformLiteral(last);
        expect(terraformLiteral(pairs.map(([t, k]) => t + k).join("") + last)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("terraformLiterals", () => {
  it("escapes keys and values", () => {
    expect(terraformLiterals({})).toEqual({});
    expect(terraformLiterals({ "cost ${center}": "100%{x}", plain: "v", token: TOKEN_A })).toEqual({ "cost $${center}": "100%%{x}", plain: "v", token: TOKEN_A });
  });
});

describe("literalText", () => {
  it.each([
    ["", ""],
    ["plain", "plain"],
    ["$${x}", "${x}"],
    ["%%{x}", "%{x}"],
    ["$$${x}", "$${x}"],
    ["$$ %% $x %x", "$$ %% $x %x"],
    ["a$${b}c%%{d}e", "a${b}c%{d}e"],
    ["$%%{", "$%{"],
  ])("%j -> %j", (template, text) => {
    expect(literalText(template)).toBe(text);
  });

  it("is what Terraform evaluates a template without interpolations to (oracle: the template reader of the tests)", () => {
    const piece = fc.constantFrom("a", "$", "%", "{", "}", "$${", "%%{", "$$", "%%", "$$${");
    let checked = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const template = pieces.join("");
        const value = literalValue(template);
        if (value === undefined) return;
        checked++;
        expect(literalText(template)).toBe(value);
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});

describe("shellQuote", () => {
  it.each([
    ["", "''"],
    ["plain", "'plain'"],
    ["it's", "'it'\\''s'"],
    ["''", "''\\'''\\'''"],
    ['$HOME "x" `y` \\', "'$HOME \"x\" `y` \\'"],
  ])("%j -> %s", (text, word) => {
    expect(shellQuote(text)).toBe(word);
  });

  it("stands for the text exactly in sh", () => {
    const unit = fc.constantFrom("a", " ", "'", '"', "\\", "$", "`", "*", "?", "!", "#", ";", "&", "|", "(", ")", "<", ">", "~", "\n", "\t", "é", "-", "%");
    const texts = fc.sample(fc.string({ unit, maxLength: 20 }), { numRuns: 200, seed: 42 });
    texts.push("", "'", "''", "-n", "%s", "\\n");
    const out = execFileSync("sh", ["-c", `printf '%s\\0' ${texts.map(shellQuote).join(" ")}`], { encoding: "utf8" });
    const words = out.split("\0").slice(0, -1);
    expect(words.length).toBe(texts.length);
    expect(words).toEqual(texts);
  });
});

/** The catalogue: programmatic name, display name, documented `his` code (2021 Arc quickstart), in catalogue order. */
const CATALOGUE: ReadonlyArray<readonly [string, string, string?]> = [
    ["eastus", "East US", "eus"],
    ["eastus2", "East US 2", "eus2"],
    ["centralus", "Central US"],
    ["northcentralus", "North Central US"],
    ["southcentralus", "South Central US", "scus"],
    ["westcentralus", "West Central US", "wcus"],
    ["westus", "West US"],
    ["westus2", "West US 2", "wus2"],
    ["westus3", "West US 3"],
    ["canadacentral", "Canada Central"],
    ["canadaeast", "Canada East"],
    ["brazilsouth", "Brazil South"],
    ["brazilsoutheast", "Brazil Southeast"],
    ["mexicocentral", "Mexico Central"],
    ["chilecentral", "Chile Central"],
    ["northeurope", "North Europe", "ne"],
    ["westeurope", "West Europe", "weu"],
    ["uksouth", "UK South", "uks"],
    ["ukwest", "UK West"],
    ["francecentral", "France Central", "fc"],
    ["francesouth", "France South"],
    ["germanywestcentral", "Germany West Central"],
    ["germanynorth", "Germany North"],
    ["switzerlandnorth", "Switzerland North"],
    ["switzerlandwest", "Switzerland West"],
    ["norwayeast", "Norway East"],
    ["norwaywest", "Norway West"],
    ["swedencentral", "Sweden Central"],
    ["swedensouth", "Sweden South"],
    ["polandcentral", "Poland Central"],
    ["italynorth", "Italy North"],
    ["spaincentral", "Spain Central"],
    ["eastasia", "East Asia"],
    ["southeastasia", "Southeast Asia", "sea"],
    ["australiaeast", "Australia East", "ae"],
    ["australiasoutheast", "Australia Southeast"],
    ["australiacentral", "Australia Central"],
    ["australiacentral2", "Australia Central 2"],
    ["japaneast", "Japan East"],
    ["japanwest", "Japan West"],
    ["koreacentral", "Korea Central"],
    ["koreasouth", "Korea South"],
    ["centralindia", "Central India"],
    ["southindia", "South India"],
    ["westindia", "West India"],
    ["jioindiawest", "Jio India West"],
    ["jioindiacentral", "Jio India Central"],
    ["newzealandnorth", "New Zealand North"],
    ["indonesiacentral", "Indonesia Central"],
    ["malaysiawest", "Malaysia West"],
    ["uaenorth", "UAE North"],
    ["uaecentral", "UAE Central"],
    ["qatarcentral", "Qatar Central"],
    ["israelcentral", "Israel Central"],
    ["southafricanorth", "South Africa North"],
    ["southafricawest", "South Africa West"],
];

describe("regions", () => {
  it("lists every region of the catalogue, in order", () => {
    expect(CATALOGUE.length).toBe(56);
    expect(AZURE_REGION_NAMES).toEqual(CATALOGUE.map(([name]) => name));
  });

  it("describes each region exactly", () => {
    expect(CATALOGUE.length).toBe(56);
    for (const [name, displayName, hisCode] of CATALOGUE) {
      expect(azureRegion(name)).toEqual(hisCode === undefined ? { name, displayName } : { name, displayName, hisCode });
      expect(isAzureRegion(name)).toBe(true);
      expect(hisRegionCode(name)).toBe(hisCode);
    }
  });

  it("knows the 11 documented his codes", () => {
    expect(CATALOGUE.filter((r) => r[2] !== undefined).map(([name, , code]) => `${name}=${code}`)).toEqual([
      "eastus=eus",
      "eastus2=eus2",
      "southcentralus=scus",
      "westcentralus=wcus",
      "westus2=wus2",
      "northeurope=ne",
      "westeurope=weu",
      "uksouth=uks",
      "francecentral=fc",
      "southeastasia=sea",
      "australiaeast=ae",
    ]);
  });

  it("matches names exactly (no display names, no other casing)", () => {
    const unknown = ["West Europe", "WestEurope", "westeurope ", "", "mars", "usgovvirginia", "chinanorth"];
    expect(unknown.map((name) => [name, isAzureRegion(name), azureRegion(name)])).toEqual(unknown.map((name) => [name, false, undefined]));
  });

  it("lets a code be overridden, for any region or none", () => {
    expect(hisRegionCode("swedencentral")).toBeUndefined();
    expect(hisRegionCode("swedencentral", "sdc")).toBe("sdc");
    expect(hisRegionCode("eastus", "xyz")).toBe("xyz");
    expect(hisRegionCode("eastus", "")).toBe("");
    expect(hisRegionCode("mars")).toBeUndefined();
    expect(hisRegionCode("mars", "m")).toBe("m");
  });
});

describe("isGuid", () => {
  it.each(["00000000-0000-0000-0000-000000000000", "ABCDEF01-2345-6789-abcd-ef0123456789"])("accepts %s (any casing)", (g) => {
    expect(isGuid(g)).toBe(true);
  });
  it.each(["", "abcdef01-2345-6789-abcd-ef012345678", "abcdef01-2345-6789-abcd-ef0123456789x", "xabcdef01-2345-6789-abcd-ef0123456789", "abcdef0g-2345-6789-abcd-ef0123456789", "abcdef0123456789abcdef0123456789"])("refuses %j", (g) => {
    expect(isGuid(g)).toBe(false);
  });
});

describe("oneLine", () => {
  it("writes C0 control characters as escapes, and leaves other text as it is", () => {
    expect(oneLine("a\nb\r\tc\u0000d\u001fe")).toBe("a\\nb\\r\\tc\\u0000d\\u001fe");
    expect(oneLine("plain ü 東京 \" ' \\ ` |")).toBe("plain ü 東京 \" ' \\ ` |");
  });

  it("writes DEL, the C1 controls and the Unicode line and paragraph separators as \\u escapes too (JSON.stringify leaves them raw)", () => {
    expect(oneLine("d\u007fe\u0085f\u009fg\u2028h\u2029i\u00a0")).toBe("d\\u007fe\\u0085f\\u009fg\\u2028h\\u2029i\u00a0");
  });
});

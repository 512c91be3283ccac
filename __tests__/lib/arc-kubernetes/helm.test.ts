import { HelmProvider, HelmProviderConfig } from "@cdktf/provider-helm/lib/provider";
import { Release, ReleaseConfig } from "@cdktf/provider-helm/lib/release";
import { TerraformStack, Testing } from "cdktf";
import { Helm3Provider, HelmRelease } from "../../../lib/arc-kubernetes";

const providerConfig: HelmProviderConfig = {
  kubernetes: { host: "https://k8s:6443", exec: { apiVersion: "client.authentication.k8s.io/v1", command: "kubelogin", args: ["get-token"] } },
  registries: [{ url: "oci://registry", username: "u", password: "p" }],
  experiments: { manifest: true },
};
const releaseConfig: ReleaseConfig = {
  name: "azure-arc",
  chart: "azure-arc-k8sagents",
  set: [{ name: "a", value: "x" }, { name: "b", value: "y", type: "string" }],
  setList: [{ name: "l", value: ["x", "y"] }],
  setSensitive: [{ name: "global.onboardingPrivateKey", value: "${tls_private_key.k.private_key_pem}" }],
  setWo: [{ name: "w", value: "z" }],
  setWoRevision: 1,
  postrender: { binaryPath: "/bin/kustomize", args: ["--x"] },
};

function build(helm3: boolean, provider: HelmProviderConfig = providerConfig, release: ReleaseConfig = releaseConfig): { s: TerraformStack; p: HelmProvider; r: Release } {
  const s = new TerraformStack(Testing.app(), "s");
  const p = helm3 ? new Helm3Provider(s, "helm", provider) : new HelmProvider(s, "helm", provider);
  const r = helm3 ? new HelmRelease(s, "R", release) : new Release(s, "R", release);
  return { s, p, r };
}

/** What a class hands cdktf's HCL renderer (its attribute specs). */
const hclAttributes = (element: HelmProvider | Release): Record<string, unknown> => (element as unknown as { synthesizeHclAttributes(): Record<string, unknown> }).synthesizeHclAttributes();
const defined = (attributes: Record<string, unknown>) => Object.fromEntries(Object.entries(attributes).filter(([, v]) => (v as { value?: unknown }).value !== undefined));
const attribute = (value: unknown) => ({ value, isBlock: false, type: "any", storageClassType: "any" });

describe("Helm3Provider and HelmRelease (helm 3 nested attributes in HCL)", () => {
  it("the provider writes kubernetes, registries and experiments as attributes", () => {
    const { p } = build(true);
    expect(hclAttributes(p)).toStrictEqual({
      ...hclAttributes(build(false).p),
      experiments: attribute({ manifest: true }),
      kubernetes: attribute({ exec: { api_version: "client.authentication.k8s.io/v1", args: ["get-token"], command: "kubelogin" }, host: "https://k8s:6443" }),
      registries: attribute([{ password: "p", url: "oci://registry", username: "u" }]),
    });
  });

  it("the release writes set, set_list, set_sensitive, set_wo and postrender as attributes, other attributes as cdktf does", () => {
    const { r } = build(true);
    const attributes = hclAttributes(r);
    const prebuilt = hclAttributes(build(false).r);
    expect(attributes).toStrictEqual({
      ...prebuilt,
      set: attribute([{ name: "a", value: "x" }, { name: "b", type: "string", value: "y" }]),
      set_list: attribute([{ name: "l", value: ["x", "y"] }]),
      set_sensitive: attribute([{ name: "global.onboardingPrivateKey", value: "${tls_private_key.k.private_key_pem}" }]),
      set_wo: attribute([{ name: "w", value: "z" }]),
      postrender: attribute({ args: ["--x"], binary_path: "/bin/kustomize" }),
    });
    expect(Object.keys(defined(attributes)).sort()).toEqual(["chart", "name", "postrender", "set", "set_list", "set_sensitive", "set_wo", "set_wo_revision"]);
  });

  it("renders HCL Terraform accepts for helm 3", () => {
    expect(Testing.synthHcl(build(true).s)).toBe(
      [
        "terraform {",
        "required_providers {",
        "  helm = {",
        'version = "3.1.1"',
        'source = "helm"',
        "}",
        "}",
        "",
        "",
        "}",
        "",
        'provider "helm" {',
        "experiments = {",
        "manifest = true",
        "}",
        "kubernetes = {",
        "exec = {",
        'api_version = "client.authentication.k8s.io/v1"',
        "args = [",
        '"get-token",',
        "]",
        'command = "kubelogin"',
        "}",
        'host = "https://k8s:6443"',
        "}",
        "registries = [",
        "{",
        'password = "p"',
        'url = "oci://registry"',
        'username = "u"',
        "},",
        "]",
        "}",
        'resource "helm_release" "R" {',
        'chart = "azure-arc-k8sagents"',
        'name = "azure-arc"',
        "postrender = {",
        "args = [",
        '"--x",',
        "]",
        'binary_path = "/bin/kustomize"',
        "}",
        "set = [",
        "{",
        'name = "a"',
        'value = "x"',
        "},",
        "{",
        'name = "b"',
        'type = "string"',
        'value = "y"',
        "},",
        "]",
        "set_list = [",
        "{",
        'name = "l"',
        "value = [",
        '"x",',
        '"y",',
        "]",
        "},",
        "]",
        "set_sensitive = [",
        "{",
        'name = "global.onboardingPrivateKey"',
        'value = "${tls_private_key.k.private_key_pem}"',
        "},",
        "]",
        "set_wo = [",
        "{",
        'name = "w"',
        'value = "z"',
        "},",
        "]",
        "set_wo_revision = 1",
        "}",
      ].join("\n"),
    );
  });

  it("leaves out nested attributes that are not set", () => {
    const { s } = build(true, { kubernetes: { configPath: "~/.kube/config" } }, { name: "n", chart: "c" });
    expect(Testing.synthHcl(s)).toBe(
      ["terraform {", "required_providers {", "  helm = {", 'version = "3.1.1"', 'source = "helm"', "}", "}", "", "", "}", "", 'provider "helm" {', "kubernetes = {", 'config_path = "~/.kube/config"', "}", "}", 'resource "helm_release" "R" {', 'chart = "c"', 'name = "n"', "}"].join("\n"),
    );
    const empty = build(true, {}, { name: "n", chart: "c" });
    expect(hclAttributes(empty.p)).toStrictEqual(hclAttributes(new HelmProvider(new TerraformStack(Testing.app(), "x"), "helm", {})));
    expect(hclAttributes(empty.r)).toStrictEqual(hclAttributes(new Release(new TerraformStack(Testing.app(), "x"), "R", { name: "n", chart: "c" })));
  });

  it("changes nothing in JSON", () => {
    expect(Testing.synth(build(true).s)).toBe(Testing.synth(build(false).s));
  });
});

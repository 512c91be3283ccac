import { PolicyRule } from "../rule";
import { PUBLIC_NETWORK_ACCESS } from "./arc-001-public-network-access";
import { OPEN_SECURITY_RULE } from "./arc-002-open-security-rule";
import { PLAIN_TEXT_SECRET } from "./arc-003-plain-text-secret";
import { MANUAL_CONNECTION_MESSAGE } from "./arc-004-manual-connection-message";
import { AKS_PUBLIC_ACCESS } from "./arc-005-aks-public-access";
import { SUBNET_WITHOUT_NSG } from "./arc-006-subnet-without-nsg";
import { ENDPOINT_WITHOUT_DNS } from "./arc-007-endpoint-without-dns";
import { MISSING_TAGS } from "./arc-008-missing-tags";

export * from "./arc-001-public-network-access";
export * from "./arc-002-open-security-rule";
export * from "./arc-003-plain-text-secret";
export * from "./arc-004-manual-connection-message";
export * from "./arc-005-aks-public-access";
export * from "./arc-006-subnet-without-nsg";
export * from "./arc-007-endpoint-without-dns";
export * from "./arc-008-missing-tags";

/** Every rule of the pack, in id order. */
export const ARC_POLICY_RULES: readonly PolicyRule[] = [
  PUBLIC_NETWORK_ACCESS,
  OPEN_SECURITY_RULE,
  PLAIN_TEXT_SECRET,
  MANUAL_CONNECTION_MESSAGE,
  AKS_PUBLIC_ACCESS,
  SUBNET_WITHOUT_NSG,
  ENDPOINT_WITHOUT_DNS,
  MISSING_TAGS,
];

/** The rules' ids, `ARC-001` ...: what a suppression's `rule` may name. */
export const POLICY_RULE_IDS: readonly string[] = ARC_POLICY_RULES.map((r) => r.id);

import { TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { blocks, PolicyContext, PolicyRule, PolicyViolation } from "../rule";

/**
 * ARC-004: a private endpoint whose connection waits for the target
 * owner's approval (`is_manual_connection`) without a request message:
 * the owner sees a pending connection from an endpoint they do not know.
 */
export const MANUAL_CONNECTION_MESSAGE: PolicyRule = {
  id: "ARC-004",
  level: "error",
  title: "a manual private endpoint connection without a request message",
  reason: "the target's owner approves connections by the request message alone, and one without a message cannot be told from an unknown one",
  fix: "write a request message (1-140 bytes) that names who asks and why (aksPrivateAccess requestMessage)",
  types: ["azurerm_private_endpoint"],
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    return blocks(context.arguments(node as TerraformResource).private_service_connection).flatMap((c) => {
      if (c.is_manual_connection !== true) return [];
      const message = c.request_message;
      const missing = message === undefined || message === null || (typeof message === "string" && message.trim() === "");
      return missing ? [{ detail: `private service connection ${typeof c.name === "string" ? c.name : ""} is manual and has no request message`.replace("  ", " "), value: message ?? null }] : [];
    });
  },
};

/// <reference path="../../node_modules/cdktf/lib/testing/adapters/jest.d.ts" />
import { Testing } from "cdktf";

// cdktf's jest matchers (toHaveResourceWithProperties, ...).
Testing.setupJest();

// cdktf records a full stack trace for every token it creates (only shown when
// a token fails to resolve). Under jest every trace is source-mapped, which made
// synthesis several times slower than in the app; the tests never read them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] }).captureStackTrace = () => [];

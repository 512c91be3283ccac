/// <reference path="../../node_modules/cdktf/lib/testing/adapters/jest.d.ts" />
import { Testing } from "cdktf";

// cdktf's jest matchers (toHaveResourceWithProperties, ...).
Testing.setupJest();

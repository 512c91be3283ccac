import { Testing } from "cdktf";

// cdktf's jest matchers (toHaveResourceWithProperties, ...).
Testing.setupJest();

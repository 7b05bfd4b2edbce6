#!/usr/bin/env node
// `npx zhifa …` from a checkout (after npm ci): runs the TypeScript command line through tsx.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");

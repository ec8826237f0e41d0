#!/usr/bin/env bash
# Creates a workspace library with the standard package.json, tsconfigs and vitest config.
# usage: tools/scaffold-lib.sh NAME "tag1,tag2"
set -euo pipefail
name=$1; tags=$2; dir=libs/$name
mkdir -p "$dir/src"
tagjson=$(printf '%s' "$tags" | awk -F, '{for(i=1;i<=NF;i++){printf "%s\"%s\"", (i>1?", ":""), $i}}')
cat > "$dir/package.json" <<JSON
{
  "name": "@moflow/$name",
  "version": "0.0.0",
  "private": true,
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": { "@moflow/source": "./src/index.ts", "types": "./dist/index.d.ts", "default": "./dist/index.js" },
    "./package.json": "./package.json"
  },
  "scripts": {
    "build": "tsc -p tsconfig.lib.json",
    "typecheck": "tsc -p tsconfig.json --noEmit",
    "lint": "eslint .",
    "test": "vitest run"
  },
  "nx": { "tags": [$tagjson] }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.json",
  "compilerOptions": { "noEmit": true },
  "include": ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts"]
}
JSON
cat > "$dir/tsconfig.lib.json" <<JSON
{
  "extends": "../../tsconfig.json",
  "compilerOptions": { "outDir": "dist", "rootDir": "src", "customConditions": [], "tsBuildInfoFile": "dist/.tsbuildinfo" },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts"]
}
JSON
cat > "$dir/vitest.config.mts" <<TS
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

export default defineConfig(sharedConfig());
TS

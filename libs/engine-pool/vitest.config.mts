import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

export default defineConfig(sharedConfig());

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, SSE_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { ApiKeyScope, Role } from '@moflow/api-contract';
import { PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from '../../src/auth/auth.decorators';

export interface RouteInfo {
  method: string;
  /** Express-style pattern, e.g. /api/v1/flows/:id */
  path: string;
  isPublic: boolean;
  /** Server-sent events: the response never ends, so callers must stop reading after the headers. */
  isStream: boolean;
  roles: Role[] | undefined;
  scopes: ApiKeyScope[] | undefined;
  /** "GET /api/v1/flows/:id" */
  key: string;
}

function join(...parts: string[]): string {
  const path = '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return path;
}

/** Every route of every controller Nest registered, with the auth metadata the global guard reads. */
export function nestRoutes(app: INestApplication): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        const meta = <T>(key: string): T | undefined => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
        for (const prefix of base) {
          for (const sub of ([] as string[]).concat(paths)) {
            const httpMethod = RequestMethod[method];
            const path = join(prefix, sub);
            routes.push({
              method: httpMethod, path, key: `${httpMethod} ${path}`,
              isPublic: meta<boolean>(PUBLIC_KEY) === true, isStream: Reflect.getMetadata(SSE_METADATA, handler) === true, roles: meta<Role[]>(ROLES_KEY), scopes: meta<ApiKeyScope[]>(SCOPES_KEY),
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** Routes express actually serves (Nest's and anything mounted beside it), as "METHOD /path". */
export function expressRoutes(app: INestApplication): string[] {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  const out: string[] = [];
  for (const layer of instance.router?.stack ?? []) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return out;
}

/** A concrete URL for a pattern: every :param becomes a well-formed id that does not exist. */
export function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => (/version/i.test(name) ? '1' : '00000000-0000-4000-8000-000000000000'));
}

import { PATH_METADATA } from '@nestjs/common/constants.js';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

export interface RouteHandler {
  controller: new (...args: never[]) => unknown;
  name: string;
  handler: (...args: unknown[]) => unknown;
}

/** Every route handler of the app's controllers, for the start-up checks that each declares what it must. */
export function routeHandlers(discovery: DiscoveryService, scanner: MetadataScanner): RouteHandler[] {
  const found: RouteHandler[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!controller) continue;
    for (const name of scanner.getAllMethodNames(controller.prototype as object)) {
      const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      if (Reflect.getMetadata(PATH_METADATA, handler) !== undefined) found.push({ controller, name, handler });
    }
  }
  return found;
}

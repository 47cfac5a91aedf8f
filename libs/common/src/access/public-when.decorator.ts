import { SetMetadata } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

export const PUBLIC_WHEN = 'landbridge:public-when';

/**
 * Public only while a boolean setting is on (e.g. METRICS_PUBLIC); otherwise the handler's @Roles apply.
 */
export const PublicWhen = (setting: keyof AppConfig): MethodDecorator & ClassDecorator =>
  SetMetadata(PUBLIC_WHEN, setting);

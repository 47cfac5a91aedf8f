import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'landbridge:public';

/** Marks a handler or controller as reachable without credentials. Everything else is closed. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

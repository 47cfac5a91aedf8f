import { Controller, Get, Post } from '@nestjs/common';
import { type DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Public, Roles } from '@landbridge/common';
import { AccessGuard } from './access.guard.js';

@Controller('declared')
class DeclaredController {
  @Get()
  @Roles('admin')
  list(): void {}

  @Get('open')
  @Public()
  open(): void {}
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  @Roles('operator')
  fine(): void {}

  @Post()
  forgotten(): void {}
}

@Controller('class-level')
@Roles('exporter')
class ClassLevelController {
  @Get()
  inherited(): void {}
}

function guardOver(...controllers: (new () => object)[]): AccessGuard {
  const discovery = {
    getControllers: () => controllers.map((metatype) => ({ metatype })),
  } as unknown as DiscoveryService;
  return new AccessGuard(new Reflector(), discovery, new MetadataScanner(), undefined as never, undefined as never);
}

describe('AccessGuard start-up check', () => {
  it('accepts handlers that declare roles or are public, on the handler or the controller', () => {
    expect(() => guardOver(DeclaredController, ClassLevelController).onApplicationBootstrap()).not.toThrow();
  });

  it('refuses to start with a handler that declares neither, naming it', () => {
    expect(() => guardOver(DeclaredController, ForgottenController).onApplicationBootstrap()).toThrow(
      'These handlers declare neither @Roles(...) nor @Public(): ForgottenController.forgotten',
    );
  });
});

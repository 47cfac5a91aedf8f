import { Body, Controller, Get, HttpCode } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, type Caller, CurrentCaller, Post, Roles } from '@landbridge/common';
import { CreateUserDto, UserDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('identity')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'A user with this email exists' })
  create(@Body() input: CreateUserDto): Promise<UserDto> {
    return this.users.create(input);
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: UserDto, description: 'Who the credentials belong to' })
  me(@CurrentCaller() caller: Caller): Promise<UserDto> {
    return this.users.get(caller.userId);
  }
}

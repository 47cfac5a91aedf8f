import { Body, Controller, Get, HttpCode } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, ApiProblems, type Caller, CurrentCaller, EXAMPLE, Post, Roles } from '@landbridge/common';
import { CreateUserDto, UserDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('identity')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a user',
    description:
      'Admins create the users of an organization: exporters in an exporter organization, operators and admins in an ' +
      'operator one (such as Landbridge, the first admin’s). The user then signs in with `POST /auth/token`. Emails are ' +
      'unique regardless of case; the password (12–128 characters) is kept only as an argon2id hash.',
  })
  @ApiCreatedResponse({ type: UserDto, description: 'The user, who may sign in from now on' })
  @ApiProblems({
    409: {
      description: 'A user with this email exists (in any case)',
      slug: 'email-taken',
      detail: `A user with email ${EXAMPLE.userEmail} already exists`,
    },
    422: {
      description: 'The organization does not exist, or the role does not belong in its kind',
      slug: 'organization-kind-mismatch',
      detail: 'The role exporter belongs in an exporter organization, not in an operator organization',
      errors: [{ field: 'role', message: 'is not allowed in an operator organization' }],
    },
  })
  create(@Body() input: CreateUserDto): Promise<UserDto> {
    return this.users.create(input);
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'Who am I',
    description:
      'The user the credentials belong to (for an API key: the user who created it), with its role and organization. ' +
      'A quick way to check a token or key, and to learn your organization id.',
  })
  @ApiOkResponse({ type: UserDto, description: 'Who the credentials belong to' })
  me(@CurrentCaller() caller: Caller): Promise<UserDto> {
    return this.users.get(caller.userId);
  }
}

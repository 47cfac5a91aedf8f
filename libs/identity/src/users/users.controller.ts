import { Body, Controller, Get, Headers, HttpCode, Param, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  noteAudit,
  Audited,
  ANY_ROLE,
  ApiProblems,
  type Caller,
  CurrentCaller,
  etagOf,
  EXAMPLE,
  expectedVersion,
  type Page,
  Patch,
  Post,
  Roles,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { PasswordChangeService } from './password-change.service.js';
import { ChangePasswordDto, CreateUserDto, UpdateUserDto, UserDto, UserListQueryDto, UserPageDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('identity')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Post()
  @Audited('user.created')
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
  async create(@Body() input: CreateUserDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDto> {
    const user = await this.users.create(input);
    void reply.header('ETag', etagOf(user.version));
    return user;
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'List users',
    description: 'Every user by email (disabled ones too), or those of one organization; never a password hash.',
  })
  @ApiOkResponse({ type: UserPageDto, description: 'A page of users, by email' })
  list(@Query() query: UserListQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query.organizationId, query.limit, query.cursor);
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

  @Post('me/password')
  @Audited('user.password_changed')
  @Roles(...ANY_ROLE)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your password',
    description:
      'Needs the current password (wrong: 422; counted like a sign-in, 429 after too many failures) and a new ' +
      'one of 12 to 128 characters. Every access token issued to you so far stops working, this one too: sign ' +
      'in again with the new password. Your API keys go on working.',
  })
  @ApiNoContentResponse({ description: 'Changed: sign in again with the new password' })
  @ApiForbiddenResponse({ description: 'Called with an API key: a password is changed by its signed-in user' })
  @ApiUnprocessableEntityResponse({
    description: 'The current password is wrong, or the new one is too short, too long or the current one',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts on this account; see Retry-After' })
  async changePassword(@CurrentCaller() caller: Caller, @Body() input: ChangePasswordDto): Promise<void> {
    noteAudit({ entityId: caller.userId });
    await this.passwords.change(caller, input.currentPassword, input.newPassword);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Get a user',
    description: 'One user, disabled or not, with its version as the ETag, for If-Match on PATCH /users/:id.',
  })
  @ApiOkResponse({ type: UserDto, description: 'The user; ETag: its version' })
  @ApiNotFoundResponse({ description: 'No such user' })
  async get(@Param('id', UUID_404) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDto> {
    const user = await this.users.get(id);
    void reply.header('ETag', etagOf(user.version));
    return user;
  }

  @Patch(':id')
  @Audited('user.updated')
  @Roles('admin')
  @ApiOperation({
    summary: "Change a user's role, or disable or enable it",
    description:
      'A disabled user cannot sign in (401, as for a wrong password); its access tokens stop working at once and ' +
      'for good, its API keys while it stays disabled. A new role applies to its tokens and keys from the next ' +
      'request. The role must fit the organization (422); the last admin who is not disabled cannot be disabled ' +
      'or given another role (409).',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag (version) the change applies to' })
  @ApiOkResponse({ type: UserDto, description: 'The user as changed; ETag: its new version' })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'It would leave no admin who is not disabled' })
  @ApiPreconditionFailedResponse({ description: 'The user changed since the given ETag' })
  @ApiUnprocessableEntityResponse({ description: 'The role does not fit the organization of the user' })
  async update(
    @Param('id', UUID_404) id: string,
    @Body() input: UpdateUserDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    const user = await this.users.update(id, input, expectedVersion(ifMatch));
    void reply.header('ETag', etagOf(user.version));
    return user;
  }
}

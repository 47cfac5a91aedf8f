import { Body, Controller, HttpCode } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Post, Public } from '@landbridge/common';
import { IsString, MaxLength } from 'class-validator';
import { UsersService } from '../users/users.service.js';
import { LOGIN_ATTEMPTS_PER_MINUTE, LoginRateLimit } from './rate-limits.js';
import { type IssuedToken, TokenService } from './token.service.js';
import { UnauthorizedError } from './unauthorized.error.js';

export class TokenRequestDto {
  @ApiProperty({ example: 'admin@localhost' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password: string;
}

export class TokenResponseDto implements IssuedToken {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the token expires' })
  expiresIn: number;
}

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @LoginRateLimit()
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Unknown email or wrong password (the same answer for both)' })
  @ApiTooManyRequestsResponse({
    description: `More than ${LOGIN_ATTEMPTS_PER_MINUTE} attempts a minute for this address and email`,
  })
  async token(@Body() input: TokenRequestDto): Promise<TokenResponseDto> {
    const user = await this.users.authenticate(input.email, input.password);
    if (!user) throw new UnauthorizedError('Unknown email or wrong password');
    return this.tokens.issue({ userId: user.id, role: user.role, organizationId: user.organizationId });
  }
}

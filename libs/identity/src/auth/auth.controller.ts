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
import { LOGIN_ATTEMPTS_PER_MINUTE, LoginRateLimit } from './rate-limits.js';
import { SignInService } from './sign-in.service.js';
import type { IssuedToken } from './token.service.js';

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
  constructor(private readonly signIns: SignInService) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @LoginRateLimit()
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Unknown email or wrong password (the same answer for both)' })
  @ApiTooManyRequestsResponse({
    description:
      `More than ${LOGIN_ATTEMPTS_PER_MINUTE} attempts a minute from this address for this email, or too many ` +
      'failed sign-ins to this account in 15 minutes from any address (LOGIN_FAILURES_PER_ACCOUNT); see Retry-After',
  })
  token(@Body() input: TokenRequestDto): Promise<TokenResponseDto> {
    return this.signIns.signIn(input.email, input.password);
  }
}

import { Body, Controller, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { NotAudited, ApiProblems, EXAMPLE, Post, Public } from '@landbridge/common';
import { IsString, MaxLength } from 'class-validator';
import { LOGIN_ATTEMPTS_PER_MINUTE, LoginRateLimit } from './rate-limits.js';
import { SignInService } from './sign-in.service.js';
import type { IssuedToken } from './token.service.js';

export class TokenRequestDto {
  @ApiProperty({ example: EXAMPLE.userEmail, description: 'Matched regardless of case' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'wagon-seven-silk-road' })
  @IsString()
  @MaxLength(128)
  password: string;
}

export class TokenResponseDto implements IssuedToken {
  @ApiProperty({
    example:
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1ZThhMWMyYi03ZDNmLTRlNmEtOGI5Yy0wZDFlMmYzYTRiNWMiLCJleHAiOjE3MTA5MDAwMDB9.Jm5b4wq3pG1p1Jt3YQ2h4qkq0m8f5v6Q9o1nJrXc0sA',
    description: 'Send it as `Authorization: Bearer <accessToken>`',
  })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
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
  @NotAudited('signing in changes no object: its attempts count only towards the rate limits')
  @HttpCode(200)
  @LoginRateLimit()
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Exchanges an email and password for an access token, valid for 15 minutes (`expiresIn` seconds); sign in again ' +
      'when it expires. Public. Systems that call the API unattended should use an API key (`POST /api-keys`) instead. ' +
      'An unknown email and a wrong password get the same answer, in the same time.',
  })
  @ApiOkResponse({ type: TokenResponseDto, description: 'Signed in' })
  @ApiProblems({
    401: {
      description: 'Unknown email or wrong password (the same answer for both)',
      detail: 'Unknown email or wrong password',
    },
    429: {
      description:
        `More than ${LOGIN_ATTEMPTS_PER_MINUTE} attempts a minute from this address for this email, or too many ` +
        'failed sign-ins to this account in 15 minutes from any address (LOGIN_FAILURES_PER_ACCOUNT); see Retry-After',
      detail: 'Too many failed sign-ins to this account; retry in 840 s',
    },
  })
  token(@Body() input: TokenRequestDto): Promise<TokenResponseDto> {
    return this.signIns.signIn(input.email, input.password);
  }
}

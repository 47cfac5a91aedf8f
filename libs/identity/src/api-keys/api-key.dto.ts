import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE, ApiNextCursor } from '@landbridge/common';
import { IsString, Length } from 'class-validator';

const KEY_NAME = 'ERP integration';

export class CreateApiKeyDto {
  @ApiProperty({ example: KEY_NAME, description: 'What the key is for, to recognise it later' })
  @IsString()
  @Length(1, 100)
  name: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.apiKeyId })
  id: string;

  @ApiProperty({ example: KEY_NAME })
  name: string;

  @ApiProperty({ example: EXAMPLE.apiKeyPrefix, description: 'The public prefix of the key' })
  prefix: string;

  @ApiProperty({ format: 'date-time', example: '2024-03-18T08:15:27.361Z' })
  createdAt: string;

  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: null,
    description: 'When it was revoked; null while it works',
  })
  revokedAt: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.apiKeyId })
  id: string;

  @ApiProperty({ example: KEY_NAME })
  name: string;

  @ApiProperty({
    description: 'The key itself (`lb_<prefix>_<secret>`): shown this once, store it now',
    example: `${EXAMPLE.apiKeyPrefix}_q3Vd8sK1mXwZr0yT6bN2cJ5hF9gL4pA7eU0iO3sD2fG`,
  })
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items: ApiKeyDto[];

  @ApiNextCursor()
  nextCursor: string | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiKeyScope, CreateApiKeyRequest, CreateUserRequest, LoginRequest, Role } from '@moflow/api-contract';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const roles: Role[] = ['admin', 'editor', 'ops'];
export const apiKeyScopes: ApiKeyScope[] = ['flows:execute', 'flows:read', 'runs:read'];

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin@moflow.local' }) @IsString() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MaxLength(200) password!: string;
}

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty() @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(254) email!: string;
  @ApiProperty({ minLength: 10 }) @IsString() @MinLength(10, { message: 'must be at least 10 characters' }) @MaxLength(200) password!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiProperty({ enum: roles }) @IsIn(roles, { message: `must be one of ${roles.join(', ')}` }) role!: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) name?: string | null;
  @ApiPropertyOptional({ enum: roles }) @IsOptional() @IsIn(roles, { message: `must be one of ${roles.join(', ')}` }) role?: Role;
  @ApiPropertyOptional({ minLength: 10 }) @IsOptional() @IsString() @MinLength(10, { message: 'must be at least 10 characters' }) @MaxLength(200) password?: string;
}

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(100) name!: string;
  @ApiProperty({ enum: apiKeyScopes, isArray: true })
  @IsArray() @ArrayMaxSize(10) @IsIn(apiKeyScopes, { each: true, message: `each must be one of ${apiKeyScopes.join(', ')}` })
  scopes!: ApiKeyScope[];
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'Days until the key stops working; omitted: it never expires.' })
  @IsOptional() @IsInt({ message: 'must be a whole number of days' }) @Min(1) @Max(3650) expiresInDays?: number;
}

export class UserResponse {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: roles }) role!: Role;
  @ApiProperty() createdAt!: string;
}

export class SessionResponse {
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
  @ApiProperty() csrfToken!: string;
}

export class ApiKeyResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: apiKeyScopes, isArray: true }) scopes!: string[];
  @ApiProperty() prefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null: never expires.' }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: '{ id, email } of the admin who created it; null once that user is deleted (their keys are revoked).' })
  createdBy!: { id: string; email: string } | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself; shown once, never again.' }) key!: string;
}

import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity, SessionEntity, UserEntity } from '@moflow/data-access';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialWatch } from './credential-watch';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordService } from './password.service';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Global so the app-wide AuthGuard (APP_GUARD in AppModule) and any module can resolve principals. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity, ApiKeyEntity])],
  controllers: [AuthController, UsersController, ApiKeysController],
  providers: [PasswordService, SessionsService, UsersService, ApiKeysService, AuthService, LoginRateLimiter, CredentialWatch],
  exports: [PasswordService, SessionsService, UsersService, ApiKeysService, CredentialWatch],
})
export class AuthModule {}

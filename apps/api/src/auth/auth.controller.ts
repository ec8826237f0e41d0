import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SessionDto } from '@moflow/api-contract';
import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { CurrentPrincipal, Public } from './auth.decorators';
import { LoginDto, SessionResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { SameSiteLoginGuard } from './same-site-login.guard';
import type { Principal } from './principal';
import { CSRF_COOKIE, SESSION_COOKIE } from './tokens';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @UseGuards(SameSiteLoginGuard)
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const { token, dto } = await this.auth.login(body.email, body.password, req.ip ?? 'unknown');
    const base: CookieOptions = { sameSite: 'lax', secure: this.config.secureCookies, path: '/', maxAge: this.config.sessionTtlMs };
    res.cookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
    // Readable by the editor's JavaScript on purpose: it echoes it in X-CSRF-Token.
    res.cookie(CSRF_COOKIE, dto.csrfToken, { ...base, httpOnly: false });
    return dto;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (principal.kind === 'user') await this.auth.logout(principal.session.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOkResponse({ type: SessionResponse })
  me(@CurrentPrincipal() principal: Principal): SessionDto {
    return this.auth.me(principal);
  }
}

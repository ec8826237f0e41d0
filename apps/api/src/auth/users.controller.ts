import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { UserDto } from '@moflow/api-contract';
import { Roles } from './auth.decorators';
import { CreateUserDto, UpdateUserDto, UserResponse } from './auth.dto';
import { mapUser } from './user.mapper';
import { UsersService } from './users.service';
import { uuidPipe } from '../common/uuid.pipe';

@ApiTags('users')
@Roles('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserResponse, isArray: true })
  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(mapUser);
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    return mapUser(await this.users.create(body));
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  async get(@Param('id', uuidPipe('USER_NOT_FOUND')) id: string): Promise<UserDto> {
    return mapUser(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  async update(@Param('id', uuidPipe('USER_NOT_FOUND')) id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return mapUser(await this.users.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', uuidPipe('USER_NOT_FOUND')) id: string): Promise<void> {
    await this.users.remove(id);
  }
}

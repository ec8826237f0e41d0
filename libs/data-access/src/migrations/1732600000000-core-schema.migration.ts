import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, epochMs, idColumn, integer, json, text, varchar } from './table-helpers';

/** Users, sessions, API keys, channels, flows, versions, keyword index and the save audit. */
export class CoreSchema1732600000000 implements MigrationInterface {
  name = 'CoreSchema1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'users',
      columns: [idColumn(), varchar('email', 254), varchar('name', 200, true), varchar('role', 16), varchar('password_hash', 255),
        epochMs('created_at'), epochMs('updated_at')],
      indices: [new TableIndex({ name: 'UQ_users_email', columnNames: ['email'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'sessions',
      columns: [idColumn(), varchar('token_hash', 64), varchar('user_id', 40), varchar('csrf_token', 64), epochMs('created_at'), epochMs('expires_at')],
      indices: [
        new TableIndex({ name: 'UQ_sessions_token_hash', columnNames: ['token_hash'], isUnique: true }),
        new TableIndex({ name: 'IDX_sessions_user', columnNames: ['user_id'] }),
      ],
      foreignKeys: [new TableForeignKey({ name: 'FK_sessions_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
    }));
    await q.createTable(new Table({
      name: 'api_keys',
      columns: [idColumn(), varchar('name', 100), varchar('prefix', 16), varchar('key_hash', 64), json('scopes'), varchar('created_by_id', 40, true),
        epochMs('created_at'), epochMs('last_used_at', true), epochMs('revoked_at', true)],
      indices: [new TableIndex({ name: 'UQ_api_keys_key_hash', columnNames: ['key_hash'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'channels',
      columns: [idColumn(), varchar('name', 100), varchar('provider', 32), varchar('address', 32), varchar('default_region', 2, true), json('config'),
        text('credentials_encrypted', true), epochMs('created_at'), epochMs('updated_at')],
    }));
    await q.createTable(new Table({
      name: 'flows',
      columns: [idColumn(), varchar('name', 200), text('description', true), varchar('status', 16), json('definition'), varchar('definition_hash', 64),
        integer('revision'), integer('published_version', true), varchar('published_hash', 64, true), json('tests'), boolean('require_tests_to_publish'),
        varchar('created_by_id', 40, true), varchar('updated_by_id', 40, true), epochMs('created_at'), epochMs('updated_at')],
      indices: [new TableIndex({ name: 'IDX_flows_updated', columnNames: ['updated_at'] })],
    }));
    await q.createTable(new Table({
      name: 'flow_versions',
      columns: [idColumn(), varchar('flow_id', 40), integer('version'), json('definition'), varchar('definition_hash', 64), text('note', true),
        varchar('published_by_id', 40, true), epochMs('published_at')],
      indices: [new TableIndex({ name: 'UQ_flow_versions_flow_version', columnNames: ['flow_id', 'version'], isUnique: true })],
      foreignKeys: [new TableForeignKey({ name: 'FK_flow_versions_flow', columnNames: ['flow_id'], referencedTableName: 'flows', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
    }));
    await q.createTable(new Table({
      name: 'flow_keywords',
      columns: [idColumn(), varchar('flow_id', 40), integer('flow_version'), varchar('keyword', 100), varchar('channel', 40), varchar('node_id', 64), varchar('match', 20)],
      indices: [
        new TableIndex({ name: 'IDX_flow_keywords_keyword', columnNames: ['keyword', 'channel'] }),
        new TableIndex({ name: 'IDX_flow_keywords_flow', columnNames: ['flow_id'] }),
      ],
      foreignKeys: [new TableForeignKey({ name: 'FK_flow_keywords_flow', columnNames: ['flow_id'], referencedTableName: 'flows', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
    }));
    await q.createTable(new Table({
      name: 'flow_saves',
      columns: [idColumn(), varchar('flow_id', 40), varchar('action', 16), integer('revision'), integer('version', true), varchar('user_id', 40, true), epochMs('at')],
      indices: [new TableIndex({ name: 'IDX_flow_saves_flow', columnNames: ['flow_id', 'at'] })],
      foreignKeys: [new TableForeignKey({ name: 'FK_flow_saves_flow', columnNames: ['flow_id'], referencedTableName: 'flows', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['flow_saves', 'flow_keywords', 'flow_versions', 'flows', 'channels', 'api_keys', 'sessions', 'users']) {
      await q.dropTable(table);
    }
  }
}

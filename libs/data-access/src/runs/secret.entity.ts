import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** A named secret, AES-256-GCM encrypted; the plaintext never touches the database. */
@Entity('secrets')
export class SecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** `v1.<iv b64>.<tag b64>.<ciphertext b64>` */
  @Column({ type: 'text' })
  sealed!: string;

  /**
   * Hosts the secret may be sent to (`crm.example.com`, `*.example.com`, an IP address), set by the
   * admin. Empty only for rows from before binding existed: a URL value then goes to its own host.
   */
  @Column({ type: 'simple-json', default: '[]' })
  hosts!: string[];

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}

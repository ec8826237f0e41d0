// Types for the parts of the `smpp` package (0.5.x, ships no types) that Moflow uses. Field values
// follow the package: integer params are numbers, C-strings are strings, and `short_message` /
// `message_payload` are decoded by the package into `{ udh?, message }` on receipt.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface DecodedMessage {
    /** Information elements of the UDH, each `[IEI, length, ...data]`. */
    udh?: Buffer[];
    message: string | Buffer;
  }

  /** PDU fields are dynamic (command params and TLVs by name). */
  export interface PduFields {
    command_status?: number;
    sequence_number?: number;
    system_id?: string;
    password?: string;
    system_type?: string;
    interface_version?: number;
    service_type?: string;
    source_addr_ton?: number;
    source_addr_npi?: number;
    source_addr?: string;
    dest_addr_ton?: number;
    dest_addr_npi?: number;
    destination_addr?: string;
    esm_class?: number;
    protocol_id?: number;
    priority_flag?: number;
    registered_delivery?: number;
    data_coding?: number;
    short_message?: Buffer | string | DecodedMessage;
    message_payload?: Buffer | DecodedMessage;
    message_id?: string;
    receipted_message_id?: string;
    message_state?: number;
    network_error_code?: Buffer;
    sar_msg_ref_num?: number;
    sar_total_segments?: number;
    sar_segment_seqnum?: number;
  }

  export class PDU implements PduFields {
    constructor(command: string, options?: PduFields);
    command: string;
    command_id: number;
    command_length: number;
    command_status: number;
    sequence_number: number;
    isResponse(): boolean;
    response(options?: PduFields): PDU;
    toBuffer(): Buffer;
    [field: string]: unknown;
  }

  type ResponseCallback = (pdu: PDU) => void;
  type Shortcut = (options?: PduFields | ResponseCallback, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback) => boolean;

  export class Session extends EventEmitter {
    socket: import('node:net').Socket;
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transceiver: Shortcut;
    enquire_link: Shortcut;
    submit_sm: Shortcut;
    deliver_sm: Shortcut;
    unbind: Shortcut;
    generic_nack: Shortcut;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    auto_enquire_link_period?: number;
    /** Passed on to net.connect: resolves `host` (the address policy's DNS hook). */
    lookup?: import('node:net').LookupFunction;
  }

  export interface TextEncoding {
    match(value: string): boolean;
    encode(value: string): Buffer;
    decode(value: Buffer): string;
  }

  export function connect(options: ConnectOptions, listener?: () => void): Session;
  export function createServer(listener?: (session: Session) => void): Server;
  export const encodings: Record<string, TextEncoding | undefined>;
  export const consts: { ENCODING: Record<string, number> };
  export const errors: Record<string, number>;
  export const ESME_ROK: number;
  export const ESME_RINVPASWD: number;
  export const ESME_RINVSYSID: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RMSGQFUL: number;
  export const ESME_RSYSERR: number;
  export const ESME_RX_T_APPN: number;
  export const ESME_RX_P_APPN: number;
}

export { TurnPool, TurnStoppedError, type TurnPoolOptions, type TurnStopReason } from './turn-pool';
export type { TurnJob, TurnSettings } from './protocol';

/** Injection token of the JobQueue transport (in-process, or BullMQ when REDIS_URL is set). */
export const JOB_QUEUE = Symbol('JOB_QUEUE');

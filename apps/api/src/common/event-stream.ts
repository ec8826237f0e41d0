/** The OpenAPI content of a server-sent events response (the events' data are the DTOs its description names). */
export const EVENT_STREAM = {
  'text/event-stream': { schema: { type: 'string' as const, example: 'event: <type>\ndata: <JSON>\n\n' } },
};

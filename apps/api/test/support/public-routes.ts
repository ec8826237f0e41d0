/**
 * The only routes that may answer without credentials. The route-inventory test fails when a
 * route is @Public() but missing here (or listed here but not public): adding one is a decision.
 * Provider webhooks belong here: they verify the provider's signature instead.
 */
export const PUBLIC_ROUTES = new Set<string>([
  'GET /health/live',
  'GET /health/ready',
  'POST /api/v1/auth/login',
  // Provider webhooks (inbound/): authenticated by the provider's signature or shared secret.
  'GET /api/v1/inbound/:channelId',
  'POST /api/v1/inbound/:channelId',
  'GET /api/v1/inbound/:channelId/status',
  'POST /api/v1/inbound/:channelId/status',
]);

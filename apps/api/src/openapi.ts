import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { flowDefinitionJsonSchema } from '@moflow/flow-spec';

/** Swagger UI at /api/docs, the document at /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Moflow API')
    .setDescription(
      'Two-way SMS workflows. Editor sessions: POST /api/v1/auth/login sets the moflow_session cookie and a readable ' +
        'moflow_csrf cookie; unsafe requests echo it in X-CSRF-Token. Machines: Authorization: Bearer mfk_... (scoped API key). ' +
        '/metrics: admin session or Bearer METRICS_TOKEN. Every route answers 413 PAYLOAD_TOO_LARGE above BODY_LIMIT and ' +
        '400 BODY_TOO_DEEP when a JSON body nests deeper than BODY_MAX_DEPTH (default 64).',
    )
    .setVersion('1')
    .addCookieAuth('moflow_session')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (mfk_...)' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas ??= {};
  // The flow definition's JSON Schema comes from flow-spec, the same zod schema the API validates with.
  const { $schema: _drop, ...flowSchema } = flowDefinitionJsonSchema() as Record<string, unknown>;
  document.components.schemas.FlowDefinition = flowSchema;
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

import { Injectable } from '@nestjs/common';
import type { ProblemDto } from '@moflow/api-contract';
import { flowDefinitionSchema, lookupSecretUses, ProblemCode, secretHostRefusal } from '@moflow/flow-spec';
import { SecretsService } from './secrets.service';

/**
 * What validation can see of secret bindings: a lookup whose literal host is not bound to a secret it
 * sends is an error; a secret that does not exist yet is a warning (the lookup would fail). A URL
 * that starts with a secret has no literal host: the engine checks the resolved one at run time.
 */
@Injectable()
export class SecretBindingCheck {
  constructor(private readonly secrets: SecretsService) {}

  async problems(definition: unknown): Promise<ProblemDto[]> {
    const parsed = flowDefinitionSchema.safeParse(definition);
    if (!parsed.success) return []; // the shape problems say enough
    const uses = lookupSecretUses(parsed.data);
    if (uses.length === 0) return [];
    const hosts = await this.secrets.hostsOf([...new Set(uses.flatMap((u) => u.secrets.map((s) => s.name)))]);
    const out: ProblemDto[] = [];
    for (const use of uses) {
      for (const { name, path } of use.secrets) {
        const bound = hosts.get(name);
        if (bound === undefined) {
          out.push({ path, nodeId: use.nodeId, code: ProblemCode.UnknownSecret, severity: 'warning',
            message: `uses secret "${name}", which does not exist: the lookup fails until an admin adds it` });
          continue;
        }
        const refusal = use.host === null ? null : secretHostRefusal(name, use.host, bound);
        if (refusal) out.push({ path, nodeId: use.nodeId, code: ProblemCode.SecretHostNotBound, severity: 'error', message: refusal });
      }
    }
    return out;
  }
}

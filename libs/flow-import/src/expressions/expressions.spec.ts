import { parseTemplate } from '@moflow/flow-spec';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { StudioScope } from '../studio/studio-scope';
import { excellentToExpression, excellentToTemplate } from './excellent';
import { liquidToExpression, liquidToTemplate } from './liquid';

/** Every placeholder of a translated template parses and compiles as JSONata. */
function compiles(template: string): boolean {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return false;
  for (const p of parsed.parts) if (p.kind === 'expression') jsonata(p.expression);
  return true;
}

const studio = () => new StudioScope();
const rp = { legacy: false, resultVar: (k: string) => k };
const legacy = { legacy: true, resultVar: (k: string) => k };

describe('Liquid (Twilio Studio) to Moflow', () => {
  it.each([
    ['Hi {{widgets.ask.inbound.Body}}!', 'Hi {{ vars.ask }}!'],
    ['{{widgets.get-customer.parsed.customer.display_name}}', '{{ vars.get_customer.customer.display_name }}'],
    ['{{flow.variables.count | plus: 1}}', '{{ ($number(vars.count) + 1) }}'],
    ['{{flow.data.first_name | default: "there"}}', '{{ (trigger.parameters.first_name ? trigger.parameters.first_name : "there") }}'],
    ['{{contact.channel.address}} {{trigger.message.Body | upcase}}', '{{ contact.phone }} {{ $uppercase(vars.trigger_message.text) }}'],
    ["{{ flow.variables.name | replace: 'a', 'b' | truncate: 3 }}", '{{ $substring($replace(vars.name, "a", "b"), 0, 3) }}'],
    ['{{widgets.lookup.status_code}}', '{{ vars.lookup_status }}'],
  ])('%s → %s', (source, expected) => {
    const t = liquidToTemplate(source, studio());
    expect(t).toEqual({ text: expected, untranslated: [] });
    expect(compiles(t.text)).toBe(true);
  });

  it('names what it cannot translate: unknown paths, filters and tags', () => {
    expect(liquidToTemplate('a {{widgets.g.Digits}} b {{x | date: "%Y"}} {% if x %}y{% endif %}', studio()).untranslated)
      .toEqual(['{{widgets.g.Digits}}', '{{x | date: "%Y"}}', '{% if x %}', '{% endif %}']);
  });

  it('builds one expression: the path itself, a literal, or a concatenation', () => {
    expect(liquidToExpression('{{flow.variables.a}}', studio()).text).toBe('vars.a');
    expect(liquidToExpression('sales', studio()).text).toBe('"sales"');
    expect(liquidToExpression('{{flow.variables.a}}-{{flow.data.b}}', studio()).text).toBe('(vars.a) & "-" & (trigger.parameters.b)');
  });

  it('remembers that the first message is needed', () => {
    const scope = studio();
    liquidToTemplate('{{trigger.message.Body}}', scope);
    expect(scope.usesTriggerMessage).toBe(true);
  });
});

describe('RapidPro expressions to Moflow', () => {
  it.each([
    ['Hi @contact.name, you said @input.text', 'Hi {{ contact.name }}, you said {{ message.text }}'],
    ['@results.beer.category_localized / @results.beer', '{{ vars.beer_category }} / {{ vars.beer }}'],
    ['@fields.age and @contact.fields.city', '{{ contact.fields.age }} and {{ contact.fields.city }}'],
    ['@(upper(contact.name & "!"))', '{{ $uppercase(contact.name & "!") }}'],
    ['@(if(results.age.value > 17, "adult", "minor"))', '{{ (vars.age > 17 ? "adult" : "minor") }}'],
    ['mail a@b.com or @@ here.', 'mail a@b.com or @ here.'],
    ['@trigger.params.eventId', '{{ trigger.parameters.eventId }}'],
  ])('%s → %s', (source, expected) => {
    const t = excellentToTemplate(source, rp);
    expect(t).toEqual({ text: expected, untranslated: [] });
    expect(compiles(t.text)).toBe(true);
  });

  it.each([
    ['@flow.age', 'vars.age'],
    ['@flow.age.category', 'vars.age_category'],
    ['@flow.age.text', 'vars.age_text'],
    ['@step.value', 'message.text'],
    ['@contact.district', 'contact.fields.district'],
    ['@(FIELD(flow.input, 2, " "))', '$trim($split($string(vars.input), " ")[(2) - 1])'],
    ['@(YEAR(NOW()) - 1)', '$number($substring($string($now()), 0, 4)) - 1'],
  ])('legacy %s → %s', (source, expected) => {
    expect(excellentToExpression(source, legacy)).toEqual({ text: expected, untranslated: [] });
  });

  it('names the expressions it cannot translate', () => {
    expect(excellentToTemplate('@(datetime_diff(a, b, "D")) @child.results.x @(', rp).untranslated).toEqual(['@(datetime_diff(a, b, "D"))', '@child.results.x']);
  });
});

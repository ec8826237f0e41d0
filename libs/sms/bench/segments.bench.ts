// Speed of the calls made for every reply and every inbound message. Run: npm run bench -w libs/sms
import { bench, describe } from 'vitest';
import { analyzeText, splitText } from '../src/segments';
import { classifyComplianceKeyword } from '../src/compliance-keywords';

const shortGsm = 'Hi Alex! Your order #48213 ships tomorrow. Reply STOP to opt out.';
const longGsm = 'Your ticket {T-1042} is open; an agent will reply soon. '.repeat(6);
const ucs2 = 'Привет! Ваш заказ готов 👍🏾 '.repeat(4);

describe('segments', () => {
  bench('analyzeText short GSM-7 (66 chars)', () => { analyzeText(shortGsm); });
  bench('analyzeText long GSM-7 (3 parts)', () => { analyzeText(longGsm); });
  bench('analyzeText UCS-2 with emoji (2 parts)', () => { analyzeText(ucs2); });
  bench('splitText long GSM-7', () => { splitText(longGsm); });
  bench('splitText UCS-2 grapheme-aware', () => { splitText(ucs2); });
});

describe('compliance', () => {
  bench('classifyComplianceKeyword "Stop please"', () => { classifyComplianceKeyword('Stop please'); });
  bench('classifyComplianceKeyword ordinary message', () => { classifyComplianceKeyword('When does the shop open tomorrow?'); });
});

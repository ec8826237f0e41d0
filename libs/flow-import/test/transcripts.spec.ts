/**
 * The corpus's scripted RapidPro conversations (`*.runs.json`, from the UNICEF flows engine tests),
 * replayed through the imported flow on the real engine. Runs in the flow's base language must give
 * the same replies; where a run reaches a construct the import could not carry over, the difference
 * must start at a step the import marked for review (and named in the report).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFlowsFromText } from '../src';
import { corpusDir, corpusFiles, corpusSkipReason } from './support/corpus';
import { replay } from './support/replay';

interface TranscriptRun {
  org: { primary_language: string };
  contact_initial: { name: string | null; groups: string[]; fields: Record<string, unknown> };
  messages: { type: 'input' | 'reply'; msg: string }[];
}

if (!corpusDir) console.warn(`skipped: ${corpusSkipReason}`);

/** Replies expected after the start and after each input. */
function expectedTurns(run: TranscriptRun): { inputs: string[]; replies: string[][] } {
  const inputs: string[] = [];
  const replies: string[][] = [[]];
  for (const m of run.messages) {
    if (m.type === 'input') { inputs.push(m.msg); replies.push([]); } else replies[replies.length - 1]!.push(m.msg);
  }
  return { inputs, replies };
}

const transcripts = corpusFiles((n) => n.endsWith('.runs.json'));
/** Transcripts whose flows map completely: every run must match to the last reply. */
const fullyMapped = new Set(['rapidpro/rapidpro-flows/mushrooms.runs.json', 'rapidpro/rapidpro-flows/basic-form.runs.json']);

describe.skipIf(!corpusDir)('RapidPro transcripts replayed on the imported flows', () => {
  for (const file of transcripts) {
    it(`replays ${file}`, async () => {
      const flowText = readFileSync(join(corpusDir!, file.replace(/\.runs\.json$/, '.json')), 'utf8');
      const baseLanguage = (JSON.parse(flowText) as { base_language?: string }).base_language ?? 'eng';
      const { flows, report } = importFlowsFromText(flowText);
      const def = flows[0]!.definition;
      const reviewed = new Set(def.nodes.filter((n) => n.review).map((n) => n.id));
      const runs = (JSON.parse(readFileSync(join(corpusDir!, file), 'utf8')) as TranscriptRun[]).filter((r) => r.org.primary_language === baseLanguage);
      expect(runs.length).toBeGreaterThan(0);
      for (const run of runs) {
        const { inputs, replies } = expectedTurns(run);
        const { turns } = await replay(def, inputs, { contact: { name: run.contact_initial.name, fields: { ...run.contact_initial.fields }, subscriptions: [...run.contact_initial.groups] } });
        let diverged = false;
        for (let i = 0; i < replies.length; i++) {
          const turn = turns[i];
          if (!diverged && turn && JSON.stringify(turn.replies) === JSON.stringify(replies[i])) continue;
          if (fullyMapped.has(file)) expect(turn?.replies, `${file}: turn ${i} (input ${JSON.stringify(inputs[i - 1])})`).toEqual(replies[i]);
          if (!diverged) {
            // The first difference: this turn went through a step the import flagged, and the report says why.
            const flagged = (turn?.steps ?? []).filter((s) => reviewed.has(s));
            expect(flagged, `${file}: turn ${i} differs (${JSON.stringify(turn?.replies)} vs ${JSON.stringify(replies[i])}) without passing a step marked for review`).not.toEqual([]);
            expect(report.some((r) => r.nodeId !== undefined && flagged.includes(r.nodeId) && r.severity !== 'info')).toBe(true);
          }
          diverged = true;
        }
      }
    });
  }
});

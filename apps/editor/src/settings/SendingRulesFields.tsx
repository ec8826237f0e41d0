import type { ChannelBody, ChannelDto } from '../api/console-api';

/** The sending rules of a channel as the form edits them (strings, as inputs hold them). */
export interface SendingRules {
  kind: string;
  quiet: boolean; quietStart: string; quietEnd: string; replyWindow: string;
  limited: boolean; perSecond: string; burst: string;
  helpText: string; optOutText: string; optInText: string;
  optOutWords: string; optInWords: string; helpWords: string;
}

export function initialRules(channel: ChannelDto | null): SendingRules {
  const k = channel?.keywords;
  return {
    kind: channel?.kind ?? 'long_number',
    quiet: Boolean(channel?.quietHours), quietStart: channel?.quietHours?.start ?? '21:00', quietEnd: channel?.quietHours?.end ?? '08:00',
    replyWindow: String(channel?.quietHours?.replyWindowMinutes ?? 15),
    limited: Boolean(channel?.rateLimit), perSecond: String(channel?.rateLimit?.perSecond ?? 10), burst: String(channel?.rateLimit?.burst ?? 20),
    helpText: channel?.helpText ?? '', optOutText: channel?.optOutText ?? '', optInText: channel?.optInText ?? '',
    optOutWords: k?.optOut.join(', ') ?? '', optInWords: k?.optIn.join(', ') ?? '', helpWords: k?.help.join(', ') ?? '',
  };
}

const words = (text: string) => text.split(',').map((w) => w.trim()).filter(Boolean);

/** The part of the channel body these rules set; empty texts are left to the server's defaults. */
export function rulesBody(r: SendingRules): Partial<ChannelBody> {
  return {
    kind: r.kind,
    quietHours: r.quiet ? { start: r.quietStart, end: r.quietEnd, replyWindowMinutes: Number(r.replyWindow) } : null,
    rateLimit: r.limited ? { perSecond: Number(r.perSecond), burst: Number(r.burst) } : null,
    ...(r.helpText.trim() ? { helpText: r.helpText } : {}),
    ...(r.optOutText.trim() ? { optOutText: r.optOutText } : {}),
    ...(r.optInText.trim() ? { optInText: r.optInText } : {}),
    keywords: { optOut: words(r.optOutWords), optIn: words(r.optInWords), help: words(r.helpWords) },
  };
}

/**
 * Quiet hours, rate limit, the compliance replies and extra keywords: what the send gate and the
 * STOP/START/HELP handling of this number do.
 */
export function SendingRulesFields({ rules, onChange, errorAt }: { rules: SendingRules; onChange: (r: SendingRules) => void; errorAt: (path: string) => string | undefined }) {
  const set = <K extends keyof SendingRules>(key: K, value: SendingRules[K]) => onChange({ ...rules, [key]: value });
  const err = (path: string) => errorAt(path) && <span className="error small">{errorAt(path)}</span>;
  return (
    <>
      <label className="field"><span className="field-label">Number type</span>
        <select aria-label="Number type" value={rules.kind} onChange={(e) => set('kind', e.target.value)}>
          <option value="long_number">Long number</option><option value="short_code">Short code</option><option value="alphanumeric">Alphanumeric sender</option>
        </select></label>
      <fieldset aria-label="Quiet hours">
        <legend>Quiet hours</legend>
        <label className="checkbox"><input type="checkbox" checked={rules.quiet} onChange={(e) => set('quiet', e.target.checked)} />Hold messages during quiet hours (the recipient's local time)</label>
        {rules.quiet && (
          <div className="filters">
            <label>From<input type="time" aria-label="Quiet from" value={rules.quietStart} onChange={(e) => set('quietStart', e.target.value)} /></label>
            <label>Until<input type="time" aria-label="Quiet until" value={rules.quietEnd} onChange={(e) => set('quietEnd', e.target.value)} /></label>
            <label>Replies within (minutes)<input type="number" min={0} max={1440} aria-label="Reply window minutes" value={rules.replyWindow} onChange={(e) => set('replyWindow', e.target.value)} /></label>
          </div>
        )}
        <span className="muted small">Held messages go out when quiet hours end; a reply to a message the contact sent within the reply window still goes at once.</span>
        {err('quietHours.start')}{err('quietHours.end')}{err('quietHours.replyWindowMinutes')}
      </fieldset>
      <fieldset aria-label="Rate limit">
        <legend>Rate limit</legend>
        <label className="checkbox"><input type="checkbox" checked={rules.limited} onChange={(e) => set('limited', e.target.checked)} />Limit how fast this number sends</label>
        {rules.limited && (
          <div className="filters">
            <label>Messages per second<input type="number" min={1} aria-label="Messages per second" value={rules.perSecond} onChange={(e) => set('perSecond', e.target.value)} /></label>
            <label>Burst<input type="number" min={1} aria-label="Burst" value={rules.burst} onChange={(e) => set('burst', e.target.value)} /></label>
          </div>
        )}
        <span className="muted small">The carrier's allowed rate for this number (e.g. 1/s for a US long number); burst is how many may go at once after a pause.</span>
        {err('rateLimit.perSecond')}{err('rateLimit.burst')}
      </fieldset>
      <fieldset aria-label="Compliance replies">
        <legend>Compliance replies and keywords</legend>
        <label className="field"><span className="field-label">Reply to STOP</span>
          <textarea aria-label="Opt-out reply" rows={2} value={rules.optOutText} onChange={(e) => set('optOutText', e.target.value)} />{err('optOutText')}</label>
        <label className="field"><span className="field-label">Reply to START</span>
          <textarea aria-label="Opt-in reply" rows={2} value={rules.optInText} onChange={(e) => set('optInText', e.target.value)} />{err('optInText')}</label>
        <label className="field"><span className="field-label">Reply to HELP</span>
          <textarea aria-label="Help reply" rows={2} value={rules.helpText} onChange={(e) => set('helpText', e.target.value)} />{err('helpText')}</label>
        <label className="field"><span className="field-label">More opt-out words</span>
          <input aria-label="More opt-out words" value={rules.optOutWords} onChange={(e) => set('optOutWords', e.target.value)} placeholder="ARRET, BAJA" /></label>
        <label className="field"><span className="field-label">More opt-in words</span>
          <input aria-label="More opt-in words" value={rules.optInWords} onChange={(e) => set('optInWords', e.target.value)} /></label>
        <label className="field"><span className="field-label">More help words</span>
          <input aria-label="More help words" value={rules.helpWords} onChange={(e) => set('helpWords', e.target.value)} placeholder="AIDE" />
          <span className="muted small">Besides the standard STOP, START and HELP words, separated by commas.</span>{err('keywords')}</label>
      </fieldset>
    </>
  );
}

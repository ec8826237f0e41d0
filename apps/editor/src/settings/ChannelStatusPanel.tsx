import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { AlertTriangle, Send } from 'lucide-react';
import { consoleApi, type ChannelDto } from '../api/console-api';
import { StatusBadge } from '../console/StatusBadge';
import { when } from '../console/format';

/** The PUBLIC_URL warning, the SMPP bind, and "send a test message" with its delivery status. */
export function ChannelStatusPanel({ channel }: { channel: ChannelDto }) {
  const status = useQuery({ queryKey: ['channel-status', channel.id], queryFn: () => consoleApi.channelStatus(channel.id), refetchInterval: channel.provider === 'smpp' ? 3000 : false });
  const [to, setTo] = useState('');
  const [text, setText] = useState('Test message from Moflow.');
  const send = useMutation({ mutationFn: () => consoleApi.testMessage(channel.id, to, text) });
  const sentId = send.data?.messageId;
  const sent = useQuery({
    queryKey: ['message', sentId], queryFn: () => consoleApi.message(sentId!), enabled: !!sentId,
    refetchInterval: (q) => (q.state.data && !['queued', 'sending', 'deferred'].includes(q.state.data.status) ? false : 1000),
  });
  const s = status.data;
  return (
    <>
      {s?.publicUrlWarning && <p className="notice" role="note"><AlertTriangle size={14} aria-hidden="true" /> {s.publicUrlWarning}</p>}
      {s?.smpp && (
        <dl className="kv" aria-label="SMPP bind">
          <dt>Bind</dt><dd><StatusBadge status={s.smpp.state === 'bound' ? 'bound' : 'not bound'} /></dd>
          <dt>Last bind error</dt><dd>{s.smpp.lastError ? `${s.smpp.lastError} (${when(s.smpp.lastErrorAt)})` : <span className="muted">none</span>}</dd>
        </dl>
      )}
      <form className="reply" aria-label="Send a test message" onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
        <h2>Send a test message</h2>
        <label className="field"><span className="field-label">To</span><input aria-label="Test recipient" value={to} onChange={(e) => setTo(e.target.value)} placeholder="+447700900123" /></label>
        <label className="field"><span className="field-label">Text</span><input aria-label="Test text" value={text} onChange={(e) => setText(e.target.value)} /></label>
        <div className="row">
          <button type="submit" className="icon-button" disabled={!to.trim() || send.isPending}><Send size={14} aria-hidden="true" />Send test</button>
          {sent.data && <span>Status: <StatusBadge status={sent.data.status} title={sent.data.detail} /> {sent.data.detail && <span className="muted small">{sent.data.detail}</span>}</span>}
        </div>
        {send.error && <p role="alert" className="error">{send.error.message}</p>}
      </form>
    </>
  );
}

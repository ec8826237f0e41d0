import { useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ContactDetailDto, UserDto } from '@moflow/api-contract';
import { Download, Trash2 } from 'lucide-react';
import { consoleApi } from '../api/console-api';
import { can } from '../auth/permissions';

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Export everything held about the contact (JSON); erase it (admin), after a confirmation that says what stays. */
export function ContactActions({ contact, user }: { contact: ContactDetailDto; user: UserDto }) {
  const qc = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const exp = useMutation({
    mutationFn: () => consoleApi.exportContact(contact.id),
    onSuccess: (data) => download(`contact-${contact.id}.json`, JSON.stringify(data, null, 2), 'application/json'),
  });
  const erase = useMutation({
    mutationFn: () => consoleApi.eraseContact(contact.id),
    onSuccess: async () => { dialog.current?.close(); await qc.invalidateQueries({ queryKey: ['contact', contact.id] }); },
  });
  return (
    <div className="row">
      <button type="button" className="icon-button" onClick={() => exp.mutate()} disabled={exp.isPending}><Download size={14} aria-hidden="true" />Export (JSON)</button>
      {can(user.role, 'eraseContacts') && (
        <button type="button" className="danger icon-button" onClick={() => dialog.current?.showModal()}><Trash2 size={14} aria-hidden="true" />Erase…</button>
      )}
      {exp.error && <span role="alert" className="error">{exp.error.message}</span>}
      <dialog ref={dialog} className="confirm" aria-label="Erase this contact">
        <h2>Erase {contact.phone}?</h2>
        <p><strong>Removed for good:</strong> the number, name and fields, the text of every message, the answers given in runs and the details of run steps.</p>
        <p><strong>Kept:</strong> runs, steps, messages and tickets as rows without personal data (so counts and statistics hold), and the consent log
          with a masked number (proof of opt-outs must stay).</p>
        {erase.error && <p role="alert" className="error">{erase.error.message}</p>}
        <div className="row">
          <button type="button" className="danger" onClick={() => erase.mutate()} disabled={erase.isPending}>Erase personal data</button>
          <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
        </div>
      </dialog>
    </div>
  );
}

// Sending the current call on, from the transfer dialog or the toolbar's inline transfer:
// call.transfer (blind) or call.consult (the customer waits on hold while the agent talks to the
// destination), to a destination — an extension, a queue or a number — with the agent's note as
// the call's business data when there is one. A refusal is shown under what it means for the
// field the server named ("you may not dial this number"), with the server's own message.
import { useTranslation } from 'react-i18next';
import type { BusinessData, CommandError, ConsultResult, Destination } from '../cti/protocol';
import { useCommand } from '../cti/useCommand';
import { handOverErrorKey } from './destinations';

export interface HandOver {
  transfer: (destination: Destination) => Promise<void>;
  consult: (destination: Destination) => Promise<void>;
  busy: string | null;
  // Adding a party to the desk conference: the destination is consulted, never transferred to.
  consultOnly: boolean;
}

// The note as business data ({note}), or nothing for an empty note: the server keeps at most 16 KiB.
export function noteData(note: string): { data: BusinessData } | Record<string, never> {
  const text = note.trim();
  return text ? { data: { note: text } } : {};
}

export function useHandOver(callId: string, note: string, onDone: () => void, consultOnly = false): HandOver {
  const { t } = useTranslation();
  const { run, busy } = useCommand();
  const explain = (error: CommandError) => {
    const key = handOverErrorKey(error);
    return key ? t(key) : null;
  };
  const transfer = async (destination: Destination) => {
    const done = await run('call.transfer', { call_id: callId, ...destination, ...noteData(note) }, explain);
    if (done !== undefined) onDone();
  };
  const consult = async (destination: Destination) => {
    const args = { call_id: callId, ...destination, ...noteData(note) };
    const done = await run<ConsultResult>('call.consult', args, explain);
    if (done !== undefined) onDone();
  };
  return { transfer, consult, busy, consultOnly };
}

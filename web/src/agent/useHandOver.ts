// Sending the current call on from the transfer dialog: call.transfer (blind, to an extension or a
// queue) or call.consult (the customer waits on hold while the agent talks to the extension), each
// with the agent's note as the call's business data when there is one.
import { useCommand } from '../cti/useCommand';
import type { BusinessData, ConsultResult } from '../cti/protocol';

export type TransferTarget = { extension: string } | { queue: string };

export interface HandOver {
  transfer: (target: TransferTarget) => Promise<void>;
  consult: (extension: string) => Promise<void>;
  busy: string | null;
}

// The note as business data ({note}), or nothing for an empty note: the server keeps at most 16 KiB.
export function noteData(note: string): { data: BusinessData } | Record<string, never> {
  const text = note.trim();
  return text ? { data: { note: text } } : {};
}

export function useHandOver(callId: string, note: string, onDone: () => void): HandOver {
  const { run, busy } = useCommand();
  const transfer = async (target: TransferTarget) => {
    const done = await run('call.transfer', { call_id: callId, ...target, ...noteData(note) });
    if (done !== undefined) onDone();
  };
  const consult = async (extension: string) => {
    const done = await run<ConsultResult>('call.consult', { call_id: callId, extension, ...noteData(note) });
    if (done !== undefined) onDone();
  };
  return { transfer, consult, busy };
}

// How the desktop reads where a call goes (PBX-3) — a colleague's extension, a queue, or a number
// the agent's phone could dial: which kind a destination is, whom a consultation is with (from
// call.consult's target and what the desktop asked for), and what a refusal of call.transfer or
// call.consult means for the field the server named. Pure, for the transfer dialog, the toolbar's
// inline transfer and the consultation bar.
import type { CallOnDesk } from '../cti/deskState';
import { DESTINATION_KINDS, type Destination, type DestinationKind } from '../cti/protocol';

export function destinationKind(destination: Destination): DestinationKind {
  return DESTINATION_KINDS.find((kind) => kind in destination) ?? 'extension';
}

// Whom a consultation is with, as the bar shows it: an extension's phone, a number dialled, or a
// service the server answers for (`queue:support`, `flow:main`, any other `kind:name`).
export interface ConsultTarget {
  kind: 'extension' | 'number' | 'queue' | 'flow' | 'service';
  name: string;
}

export function consultTarget(target: string, asked?: DestinationKind): ConsultTarget {
  const colon = target.indexOf(':');
  if (colon > 0) {
    const kind = target.slice(0, colon);
    const name = target.slice(colon + 1);
    if (kind === 'queue' || kind === 'flow') return { kind, name };
    return { kind: 'service', name: target };
  }
  // Digits are a phone: a colleague's, unless the desktop asked for a number (an outside one, a
  // ring group); after a reload nothing says, and a phone is taken for a colleague's.
  return { kind: asked === 'number' ? 'number' : 'extension', name: target };
}

// The call's consultation in progress as the bar shows it; null when it has none.
export function consultTargetOf(call: CallOnDesk): ConsultTarget | null {
  const consulting = call.consulting;
  if (!consulting) return null;
  const asked = call.consultAsked?.consult_call_id === consulting.consult_call_id ? call.consultAsked.kind : undefined;
  return consultTarget(consulting.target, asked);
}

// While ringing, an extension's phone rings; anything else waits for someone to answer (a queue's
// agent, the far party), which the bar says instead of "ringing".
export function waitsForAnswer(target: ConsultTarget): boolean {
  return target.kind !== 'extension';
}

// What a refusal of call.transfer or call.consult means, by its status and the field it names
// (docs/cti.md, call.transfer and the destination): the key of its title under
// desk.handOverErrors, or null for one the generic title by status covers.
const HAND_OVER_ERRORS: Record<string, string> = {
  '404 number': 'numberGoesNowhere',
  '403 number': 'numberNotAllowed',
  '409 number': 'numberIsFeatureCode',
  '404 extension': 'noSuchExtension',
  '409 extension': 'extensionUnavailable',
  '404 queue': 'noSuchQueue',
  '400 extension': 'oneDestination',
  '400 queue': 'oneDestination',
  '400 number': 'oneDestination',
  '400 data': 'noteTooLarge',
};

export function handOverErrorKey(error: { status: number; field: string | null }): string | null {
  const key = HAND_OVER_ERRORS[`${error.status} ${error.field ?? ''}`];
  return key ? `desk.handOverErrors.${key}` : null;
}

// The host page keeps the toolbar's session (hotline-toolbar.js, mount's keepSession, which puts
// ?keep_session=1 in the frame's URL): for a browser that gives a frame of another site no storage,
// where the token would go with the frame. The toolbar tells the host its token as it has it and as
// it changes — {type: "hotline:session", token}, null once dropped (logout, 401) — and the host
// hands it back in the URL's fragment when it frames the toolbar again (sessionToken.ts).
import { useEffect } from 'react';
import { onTokenChange, sessionToken } from '../api/sessionToken';

export function hostKeepsSession(search: string): boolean {
  return new URLSearchParams(search).get('keep_session') === '1';
}

export function useHostSession(origin: string | null): void {
  useEffect(() => {
    if (!origin || window.parent === window || !hostKeepsSession(window.location.search)) return;
    const tell = (token: string | null) => window.parent.postMessage({ type: 'hotline:session', token }, origin);
    const current = sessionToken();
    if (current) tell(current);
    return onTokenChange(tell);
  }, [origin]);
}

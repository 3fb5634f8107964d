// The session token a page keeps itself, for the one page that cannot rely on the cookie: the
// embedded toolbar. Framed by another site's page, it gets the SameSite=Strict cookie neither on
// its requests nor from its login's Set-Cookie. A page that calls keepOwnToken() (before it asks
// the server anything) holds the login's token in memory and in the frame's sessionStorage, so a
// reload of the frame stays signed in while another tab or frame does not share it. client.ts
// sends it as Authorization: Bearer, CtiClient.ts offers it as the WebSocket's subprotocol; a
// logout or a 401 drops it. Every other page keeps the cookie and holds no token.
// A browser that gives the frame no storage loses the token with the frame. The host page may keep
// it instead (hotline-toolbar.js, mount's keepSession): it hands it back in the frame URL's
// fragment (#session=TOKEN, never sent to a server), which keepOwnToken() takes and then clears,
// and it hears of each new or dropped token through onTokenChange's listener.

const STORAGE_KEY = 'hotline.session_token';

let keepsToken = false;
let held: string | null = null;
const listeners = new Set<(token: string | null) => void>();

// sessionStorage may be missing (node) or refused (a browser blocking storage in third-party
// frames): the token then lives in memory only, until the frame reloads.
function frameStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

// This page keeps its own token from now on, starting with the one the host page handed over in
// the fragment, else the one a reload left behind.
export function keepOwnToken(page: Pick<Window, 'location' | 'history'> | undefined = globalThis.window): void {
  keepsToken = true;
  const handed = page ? new URLSearchParams(page.location.hash.slice(1)).get('session') : null;
  if (page && handed) {
    page.history.replaceState(page.history.state, '', page.location.pathname + page.location.search);
    return holdSessionToken(handed);
  }
  try {
    held = frameStorage()?.getItem(STORAGE_KEY) ?? null;
  } catch {
    held = null;
  }
}

// `listener` hears every token held or dropped from now on (null: dropped); returns its removal.
export function onTokenChange(listener: (token: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function tell(token: string | null): void {
  listeners.forEach((listener) => listener(token));
}

// Whether this page keeps its own token (and so asks its login for no cookie).
export function keepsOwnToken(): boolean {
  return keepsToken;
}

export function sessionToken(): string | null {
  return held;
}

// The login's token, held when this page keeps its own (the cookie serves every other page).
export function holdSessionToken(token: string): void {
  if (!keepsToken) return;
  held = token;
  try {
    frameStorage()?.setItem(STORAGE_KEY, token);
  } catch {
    // kept in memory only
  }
  tell(token);
}

export function dropSessionToken(): void {
  const had = held !== null;
  held = null;
  try {
    frameStorage()?.removeItem(STORAGE_KEY);
  } catch {
    // nothing was stored
  }
  if (had) tell(null);
}

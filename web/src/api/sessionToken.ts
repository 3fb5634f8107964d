// The session token a page keeps itself, for the one page that cannot rely on the cookie: the
// embedded toolbar. Framed by another site's page, it gets the SameSite=Strict cookie neither on
// its requests nor from its login's Set-Cookie. A page that calls keepOwnToken() (before it asks
// the server anything) holds the login's token in memory and in the frame's sessionStorage, so a
// reload of the frame stays signed in while another tab or frame does not share it. client.ts
// sends it as Authorization: Bearer, CtiClient.ts offers it as the WebSocket's subprotocol; a
// logout or a 401 drops it. Every other page keeps the cookie and holds no token.

const STORAGE_KEY = 'hotline.session_token';

let keepsToken = false;
let held: string | null = null;

// sessionStorage may be missing (node) or refused (a browser blocking storage in third-party
// frames): the token then lives in memory only, until the frame reloads.
function frameStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

// This page keeps its own token from now on, starting with the one a reload left behind.
export function keepOwnToken(): void {
  keepsToken = true;
  try {
    held = frameStorage()?.getItem(STORAGE_KEY) ?? null;
  } catch {
    held = null;
  }
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
}

export function dropSessionToken(): void {
  held = null;
  try {
    frameStorage()?.removeItem(STORAGE_KEY);
  } catch {
    // nothing was stored
  }
}

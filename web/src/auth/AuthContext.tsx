// Who is signed in, and what their role lets them do. The session itself is the HttpOnly cookie the
// server sets at login (on the embedded toolbar, the login's token, which that page keeps itself:
// api/sessionToken.ts); the app only asks GET /api/v1/auth/me. Any 401 later (an idle session
// ended, a password changed elsewhere) clears the user, and RequireAuth sends them to /login.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthenticatedListener } from '../api/client';
import { dropSessionToken, holdSessionToken, keepsOwnToken } from '../api/sessionToken';
import type { LoginResponse, Me } from '../api/types';

interface AuthState {
  me: Me | null;
  loading: boolean;
  // Why the user was sent back to the login page (the session ended), if that is why.
  sessionEnded: boolean;
  // The user signed out here: the login page that follows is a fresh start, not a way back to
  // the page they left (which the next user may not be allowed to open).
  signedOut: boolean;
  can: (capability: string) => boolean;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [signedOut, setSignedOut] = useState(false);

  const fetchMe = useCallback(async () => {
    try {
      const answer = await api.get<Me>('/api/v1/auth/me', { quiet401: true });
      setMe(answer);
      return answer;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setMe(null);
        return null;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    fetchMe()
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
  }, [fetchMe]);

  useEffect(() => {
    setUnauthenticatedListener(() => {
      setMe((previous) => {
        if (previous) setSessionEnded(true);
        return null;
      });
    });
    return () => setUnauthenticatedListener(null);
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      // A new sign-in replaces whatever token was held: the login must not carry it.
      dropSessionToken();
      // A page keeping its own token leaves the browser's cookie (another tab's session) alone.
      const credentials = keepsOwnToken() ? { username, password, cookie: false } : { username, password };
      const session = await api.post<LoginResponse>('/api/v1/auth/login', credentials, { quiet401: true });
      holdSessionToken(session.token);
      const answer = await fetchMe();
      if (!answer) throw new Error('the session was not accepted');
      setSessionEnded(false);
      setSignedOut(false);
      return answer;
    },
    [fetchMe],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout', undefined, { quiet401: true });
    } finally {
      dropSessionToken();
      setSessionEnded(false);
      setSignedOut(true);
      setMe(null);
    }
  }, []);

  const refresh = useCallback(async () => {
    await fetchMe();
  }, [fetchMe]);

  const value = useMemo<AuthState>(() => {
    const capabilities = new Set(me?.capabilities ?? []);
    return {
      me,
      loading,
      sessionEnded,
      signedOut,
      can: (capability: string) => capabilities.has(capability),
      login,
      logout,
      refresh,
    };
  }, [me, loading, sessionEnded, signedOut, login, logout, refresh]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './AuthContext';

// Renders its children for a signed-in user; otherwise the login page, which comes back here
// (unless the user has just signed out).
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading, signedOut } = useAuth();
  const location = useLocation();
  if (loading) {
    return (
      <div style={{ display: 'flex', justifyContent: 'center', marginTop: 120 }}>
        <Spin size="large" />
      </div>
    );
  }
  if (!me) {
    if (signedOut) return <Navigate to="/login" replace />;
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children}</>;
}

// Renders its children only when the user's role grants `capability`.
export function RequireCapability({ capability, children }: { capability: string; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(capability)) return <Navigate to="/console" replace />;
  return <>{children}</>;
}

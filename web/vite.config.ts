import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the app on :5173 and forwards /api to a running `hotline serve`
// (HOTLINE_API, default http://127.0.0.1:8080), so the session cookie stays same-origin.
const api = process.env.HOTLINE_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: their chunks stay cached across app releases.
        manualChunks: {
          react: ['react', 'react-dom', 'react-router'],
          antd: ['antd', '@ant-design/icons'],
          i18n: ['i18next', 'react-i18next', 'dayjs'],
        },
      },
    },
  },
});

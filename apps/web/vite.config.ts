import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ and the API on one origin; in development Vite stands in front of it.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});

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
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: in chunks of their own, browsers keep them
        // cached across Rapport upgrades.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 2 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs|@emotion)[\\/]/, priority: 1 },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
    // antd alone is about 1 MB minified (300 kB gzipped); it is split out above and cached.
    chunkSizeWarningLimit: 1200,
  },
});

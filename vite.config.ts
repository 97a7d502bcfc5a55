import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Which long-lived vendor chunk a dependency belongs to; the app's own code changes far more often. */
function vendorChunk(id: string): string | undefined {
  if (!id.includes('/node_modules/')) return undefined;
  if (/\/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)\//.test(id))
    return 'react-vendor';
  if (/\/node_modules\/(antd|@ant-design|@rc-component|rc-[^/]+|dayjs|@babel\/runtime|@emotion|stylis|clsx|classnames)\//.test(id))
    return 'antd-vendor';
  if (/\/node_modules\/(i18next|react-i18next|@tanstack|html-parse-stringify|void-elements|use-sync-external-store)\//.test(id))
    return 'app-vendor';
  // altcha is imported lazily by the report form and stays in its own chunk.
  return undefined;
}

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: { manualChunks: vendorChunk },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});

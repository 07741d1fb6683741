import { defaultClientConditions, defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import tailwindcss from '@tailwindcss/vite';

// The Desk is served by `cortado serve` at /app (Frappe's path), so every asset lives under it.
export default defineConfig({
  base: '/app/',
  plugins: [vue(), tailwindcss()],
  // The workspace packages' TypeScript sources (their `development` export), so no prior tsc build is needed.
  resolve: { conditions: ['development', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8000', '/files': 'http://127.0.0.1:8000' } },
});

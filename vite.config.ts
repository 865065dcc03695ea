import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  // Relative asset paths: the same build loads from app://vault/ and from the browser bridge.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});

import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Built into dist/, served by leadsd under /console/ (assets/ are hashed and
// cached for a year; index.html is never cached).
export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: { echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'] },
      },
    },
  },
  server: { proxy: { '/console/api': 'http://127.0.0.1:8080' } },
})

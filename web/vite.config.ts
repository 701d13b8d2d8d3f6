import { defineConfig, loadEnv, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath, URL } from 'node:url'
import { staticWebAppConfig } from './security-headers'

// Writes staticwebapp.config.json next to the built files: the headers (CSP first) and the history fallback
// that Azure Static Web Apps applies, and that the local host reads and applies the same way.
function staticWebAppConfigFile(apiBaseUrl: string): Plugin {
  return {
    name: 'static-web-app-config',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'staticwebapp.config.json', source: JSON.stringify(staticWebAppConfig(apiBaseUrl), null, 2) + '\n' })
    },
  }
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_')
  const apiBaseUrl = env.VITE_API_BASE_URL ?? ''
  return {
    plugins: [
      vue(),
      // Element Plus components and their CSS imported where templates use them, so a page loads only its own.
      Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
      staticWebAppConfigFile(apiBaseUrl),
    ],
    resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
    build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600, modulePreload: { polyfill: false } },
    worker: { format: 'es' },
    server: { proxy: { '/api': process.env.API_PROXY_TARGET ?? 'http://localhost:7071' } },
  }
})

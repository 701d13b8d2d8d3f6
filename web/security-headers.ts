// The pages' security headers, in one place: written into staticwebapp.config.json by the build (Azure Static
// Web Apps applies them) and applied by the local host from that same file.

/** The Content-Security-Policy of every page: own origin only, no inline script, no third party. */
export function contentSecurityPolicy(apiBaseUrl: string): string {
  const api = apiBaseUrl ? new URL(apiBaseUrl).origin : ''
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${api ? ' ' + api : ''}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function staticWebAppConfig(apiBaseUrl: string) {
  return {
    navigationFallback: { rewrite: '/index.html', exclude: ['/assets/*', '/api/*', '/*.{svg,ico,png,json,txt}'] },
    globalHeaders: {
      'Content-Security-Policy': contentSecurityPolicy(apiBaseUrl),
      // Two years, subdomains included: a browser that saw the app once never reaches it over plain HTTP again.
      // Browsers ignore the header on plain-HTTP answers (RFC 6797), so the local host may send it too.
      'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    },
    routes: [
      { route: '/assets/*', headers: { 'Cache-Control': 'public, max-age=31536000, immutable' } },
      { route: '/index.html', headers: { 'Cache-Control': 'no-cache' } },
    ],
    mimeTypes: { '.json': 'application/json' },
  }
}

import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema'
import { session, setSession, endSession } from '@/session'

export type Schemas = components['schemas']

/** The API's origin: empty for the local host (same origin), the Function App's URL in Azure (set at build). */
export const apiBaseUrl: string = import.meta.env.VITE_API_BASE_URL ?? ''

/** The typed client over the served OpenAPI document; every call goes through it. */
export const api = createClient<paths>({ baseUrl: apiBaseUrl })

let refreshing: Promise<boolean> | null = null

/** Renews the session shortly before the access token expires (the refresh token rotates on every use). */
async function refreshSession(): Promise<boolean> {
  const refreshToken = session.refreshToken
  if (!refreshToken) return false
  const response = await fetch(`${apiBaseUrl}/api/auth/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
  if (!response.ok) {
    endSession('expired')
    return false
  }
  setSession((await response.json()) as Schemas['SessionResponse'])
  return true
}

const authentication: Middleware = {
  async onRequest({ request, schemaPath }) {
    if (!session.accessToken || schemaPath === '/api/auth/refresh') return request
    if (Date.now() > session.expiresAt - 30_000) {
      refreshing ??= refreshSession().finally(() => (refreshing = null))
      await refreshing
    }
    if (session.accessToken) request.headers.set('Authorization', `Bearer ${session.accessToken}`)
    return request
  },
  async onResponse({ response, schemaPath }) {
    if (response.status === 401 && session.accessToken && !schemaPath.startsWith('/api/auth/login') && schemaPath !== '/api/auth/logout') {
      endSession('expired')
    }
    return response
  },
}

api.use(authentication)

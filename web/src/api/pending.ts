import { api } from './client'

// Routes of api.md that the served document does not have yet (personal information, issue 10; enterprise
// information, agencies, cross-region and login logs, issue 12). Typed by hand from api.md; each moves to
// the generated client (and out of this file) when its route is served.
export type Me = {
  personId: string
  name: string
  idType: string
  idNumber: string
  idValidity: { kind: 'custom' | 'longTerm'; start: string; end?: string }
  username?: string
  email?: string
  address?: string
  realNameLevel: number
  phones: { phoneId: string; number: string; isDefault: boolean }[]
  status: string
}

type Untyped = {
  GET(path: string, init?: { params?: { query?: Record<string, unknown>; path?: Record<string, string> } }): Promise<{ data?: unknown; error?: unknown; response: Response }>
}

/** The same client (authentication, refresh) for a route the generated types don't know yet. */
export const pendingApi = api as unknown as Untyped

import type { Router } from 'vue-router'
import type { Schemas } from '@/api/client'
import { setSession } from '@/session'
import { homePath } from '@/menus'

/** Keeps the new session (in memory) and goes on: to the agreement first when it must be re-signed (A9). */
export async function enterWith(router: Router, value: Schemas['SessionResponse'], redirect?: unknown) {
  setSession(value)
  if (value.agreementRequired) return router.push('/agreement')
  const target = typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : homePath()
  return router.push(target)
}

import { reactive } from 'vue'
import type { components } from '@/api/schema'

type Session = components['schemas']['SessionResponse']
export type Identity = components['schemas']['IdentityView']

/**
 * The signed-in session, in memory only: never in localStorage, sessionStorage or a cookie, so a reload or a
 * new tab signs in again and no script-readable storage ever holds a token.
 */
export const session = reactive({
  accessToken: '' as string,
  refreshToken: '' as string,
  expiresAt: 0,
  agreementRequired: false,
  current: null as Identity | null,
  identities: [] as Identity[],
  endedBecause: '' as '' | 'expired' | 'logout',
})

export function setSession(value: Session) {
  session.accessToken = value.accessToken
  session.refreshToken = value.refreshToken
  session.expiresAt = Date.now() + value.expiresIn * 1000
  session.agreementRequired = value.agreementRequired
  session.current = value.current
  session.identities = value.identities
  session.endedBecause = ''
}

export function endSession(reason: 'expired' | 'logout') {
  session.accessToken = ''
  session.refreshToken = ''
  session.expiresAt = 0
  session.current = null
  session.identities = []
  session.agreementRequired = false
  session.endedBecause = reason
  sessionListeners.forEach((listener) => listener(reason))
}

const sessionListeners: ((reason: 'expired' | 'logout') => void)[] = []
export function onSessionEnded(listener: (reason: 'expired' | 'logout') => void) {
  sessionListeners.push(listener)
}

export const signedIn = () => session.accessToken !== ''
export const isPersonal = () => session.current?.kind === 'personal'
export const hasFunction = (code: string) => session.current?.functions.includes(code) ?? false

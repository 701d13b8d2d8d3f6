import { reactive } from 'vue'
import { api } from '@/api/client'

// State shared with the development panel. The panel shows only when the API answers the development SMS
// inbox route, which exists only while the development SMS provider is configured (api.md); face checks the
// pages open are listed so the panel can complete them through the development face route.
export type OpenFaceCheck = { verificationId: string; purpose: string; name?: string; idType?: string; idNumber?: string }

export const devtools = reactive({
  enabled: false,
  phones: [] as string[],
  faceChecks: [] as OpenFaceCheck[],
})

let probed = false
export async function probeDevelopmentProviders() {
  if (probed) return
  probed = true
  try {
    const { response } = await api.GET('/api/dev/sms', { params: { query: { phone: '13800000000' } } })
    devtools.enabled = response.status === 200
  } catch {
    devtools.enabled = false
  }
}

export function rememberPhone(phone: string) {
  if (phone && !devtools.phones.includes(phone)) devtools.phones.unshift(phone)
}

export function rememberFaceCheck(check: OpenFaceCheck) {
  devtools.faceChecks = [check, ...devtools.faceChecks.filter((open) => open.verificationId !== check.verificationId)].slice(0, 5)
}

export function forgetFaceCheck(verificationId: string) {
  devtools.faceChecks = devtools.faceChecks.filter((open) => open.verificationId !== verificationId)
}

import { ref } from 'vue'
import { api, type Schemas } from '@/api/client'
import { call } from '@/api/problems'

// The identity-type and function catalogue (defaults of each identity type, which are assignable), read once.
const identityTypes = ref<Schemas['IdentityTypeInfo'][]>([])
const functions = ref<Schemas['TaxFunction'][]>([])
let loading: Promise<void> | null = null

export function useCatalog() {
  loading ??= Promise.all([call(api.GET('/api/catalog/identity-types')), call(api.GET('/api/catalog/functions'))]).then(([types, codes]) => {
    identityTypes.value = types
    functions.value = codes
  })
  loading.catch(() => (loading = null))
  return {
    ready: loading,
    identityTypes,
    functions,
    assignable: () => identityTypes.value.filter((type) => type.assignable),
    /** The functions an identity type may hold: its defaults in the catalogue. */
    functionsOf: (identityType: string) => identityTypes.value.find((type) => type.identityType === identityType)?.defaultFunctions ?? [],
    functionName: (code: string) => functions.value.find((item) => item.code === code)?.name ?? code,
  }
}

/** Today in the bureau's time zone (UTC+8), as yyyy-MM-dd. */
export function bureauToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}

export function addMonths(date: string, months: number): string {
  const value = new Date(`${date}T00:00:00Z`)
  value.setUTCMonth(value.getUTCMonth() + months)
  return value.toISOString().slice(0, 10)
}

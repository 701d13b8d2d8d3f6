import { computed, ref, type ComputedRef } from 'vue'
import { api, type Schemas } from '@/api/client'
import { call } from '@/api/problems'
import { onSessionEnded, signedIn } from '@/session'

// Which proofs this deployment offers (GET /api/catalog/verification-methods), read once: pages offer 扫脸验证 only
// where a face-verification provider is configured, and only for the ID types it can verify (Tencent Cloud FaceID:
// resident ID cards). Until the catalogue has answered, face checks count as not offered.
const methods = ref<Schemas['VerificationMethods'] | null>(null)
let loading: Promise<void> | null = null

// The signed-in person's own ID type, for the face checks of signed-in changes (read from GET /api/me once).
const myIdType = ref<Schemas['IdType'] | null>(null)
let loadingMine: Promise<void> | null = null
onSessionEnded(() => {
  myIdType.value = null
  loadingMine = null
})

export function useVerificationMethods() {
  loading ??= call(api.GET('/api/catalog/verification-methods')).then((answer) => {
    methods.value = answer
  })
  loading.catch(() => (loading = null))
  return { ready: loading, methods }
}

/**
 * Whether a face check works here for the person it would be for: the one whose ID type `idType`
 * gives (registration, forgotten password), or else the signed-in person.
 */
export function useFaceOffered(idType?: () => Schemas['IdType'] | undefined): ComputedRef<boolean> {
  const { methods: catalogue } = useVerificationMethods()
  if (!idType && signedIn()) {
    loadingMine ??= call(api.GET('/api/me')).then((me) => {
      myIdType.value = me.idType
    })
    loadingMine.catch(() => (loadingMine = null))
  }
  return computed(() => {
    const face = catalogue.value?.face
    const type = idType ? idType() : myIdType.value
    return !!face?.offered && !!type && face.idTypes.includes(type)
  })
}

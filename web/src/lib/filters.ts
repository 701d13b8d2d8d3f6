import type { Schemas } from '@/api/client'

/** The list filters as query parameters: empty ones left out. */
export function handlerQuery(filter: { identityType: string; name: string }) {
  return {
    ...(filter.identityType ? { identityType: filter.identityType as Schemas['IdentityType'] } : {}),
    ...(filter.name.trim() ? { name: filter.name.trim() } : {}),
  }
}

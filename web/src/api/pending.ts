import { api } from './client'
import { call } from './problems'

// Routes of api.md that the served document does not have yet (personal information, issue 10; enterprise
// information, agencies, cross-region and login logs, issue 12). Typed by hand from api.md; each moves to
// the generated client (and out of this file) when its route is served.
export type Me = {
  personId: string
  name: string
  idType: string
  idNumber: string
  idValidity?: { kind: 'custom' | 'longTerm'; start: string; end?: string }
  username?: string
  email?: string
  address?: string
  realNameLevel: number
  phones: Phone[]
  status: string
}
export type Phone = { phoneId: string; number: string; isDefault: boolean }
export type VerificationProof = { verificationId: string; code?: string }
export type EnterpriseInfo = {
  enterpriseId: string
  creditCode: string
  name: string
  kind?: string
  legalRepresentative: string
  realNameVerified: boolean
  realNameRequirements?: string
  taxAuthority: string
  identities: { identityType: string; current: boolean }[]
}
export type Agency = {
  agencyName: string
  agencyCreditCode: string
  agreementNumber: string
  agentName: string
  identityType: string
  serviceStart: string
  serviceEnd: string
  status: string
}
export type LoginLogItem = { at: string; loginType: string; method: string; personName?: string; identityType?: string; outcome: string; ip: string; userAgent?: string }
export type LoginLogPage = { items: LoginLogItem[]; continuation?: string }
export type CrossRegionItem = {
  itemId: string
  kind?: string
  enterpriseName?: string
  creditCode?: string
  province: string
  city: string
  district: string
  taxAuthority: string
  managementNumber?: string
  businessAddress?: string
  validFrom?: string
  validTo?: string
}

type Init = { params?: { query?: Record<string, unknown>; path?: Record<string, string> }; body?: unknown }
type Result = Promise<{ data?: unknown; error?: unknown; response: Response }>
type Untyped = {
  GET(path: string, init?: Init): Result
  POST(path: string, init?: Init): Result
  PUT(path: string, init?: Init): Result
  DELETE(path: string, init?: Init): Result
}

/** The same client (authentication, refresh) for a route the generated types don't know yet. */
export const pendingApi = api as unknown as Untyped

/** Unwraps with the usual Chinese problem messages, typed by hand. */
export async function pending<T>(request: Result, wording: Record<string, string> = {}): Promise<T> {
  return (await call(request, wording)) as T
}

import { api, type Schemas } from './client'
import { call } from './problems'

// The shapes of the personal-information (F), enterprise-information (C, G), cross-region (H3) and login-log (I)
// pages come from the generated schema, so a contract change breaks their type check. The calls still go
// through an untyped view of the same client (paths chosen at run time by some pages).
export type Me = Schemas['MeView']
export type Phone = Schemas['PhoneView']
export type VerificationProof = Schemas['VerificationProof']
export type EnterpriseInfo = Schemas['EnterpriseInfoView']
export type Agency = Schemas['AgencyView']
export type LoginLogItem = Schemas['LoginLogItem']
export type LoginLogPage = Schemas['LoginLogPage']
export type CrossRegionItem = Schemas['CrossRegionItemView']

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

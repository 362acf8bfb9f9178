// The console API client: same-origin fetch with the session cookie, the
// CSRF token on every state-changing call, and errors as exceptions that
// carry the server's code and message.
import { state } from './state.js'

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message)
    this.code = code
    this.status = status
  }
}

let onSignedOut = () => {}
export function setSignedOutHandler(fn) { onSignedOut = fn }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' }
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = state.csrf || ''
    if (body !== undefined) headers['Content-Type'] = 'application/json'
  }
  let res
  try {
    res = await fetch('/console/api/' + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    throw new ApiError(-1, 'network', 0)
  }
  let env
  try { env = await res.json() } catch (e) { throw new ApiError(-1, 'HTTP ' + res.status, res.status) }
  if (env.code !== 0) {
    if (env.code === 2020 && path !== 'session') onSignedOut()
    throw new ApiError(env.code, env.message, res.status)
  }
  return env.data
}

export const get = (p) => api('GET', p)
export const post = (p, b) => api('POST', p, b === undefined ? {} : b)
export const put = (p, b) => api('PUT', p, b)
export const del = (p) => api('DELETE', p)

// Query string of the non-empty values of an object.
export function qs(obj) {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue
    p.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  const s = p.toString()
  return s ? '?' + s : ''
}

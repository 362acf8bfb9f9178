// Page-wide state: the signed-in user, their accounts, the CSRF token, the
// labels (meta) and the UI language.
import { reactive } from 'vue'

const savedLang = (() => { try { return localStorage.getItem('leads.lang') } catch (e) { return null } })()

export const state = reactive({
  user: null,
  accounts: [],
  csrf: '',
  meta: null,
  pushAvailable: false,
  lang: savedLang === 'en' ? 'en' : 'zh',
  toast: null,
})

export function setLang(lang) {
  state.lang = lang
  try { localStorage.setItem('leads.lang', lang) } catch (e) { /* private mode */ }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'
}

let toastTimer = null
export function toast(text, kind = 'ok') {
  state.toast = { text, kind }
  clearTimeout(toastTimer)
  toastTimer = setTimeout(() => { state.toast = null }, kind === 'error' ? 6000 : 3000)
}

export function account(id) {
  return state.accounts.find((a) => String(a.account_id) === String(id)) || null
}

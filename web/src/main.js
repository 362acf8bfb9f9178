import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import SignIn from './pages/SignIn.vue'
import Leads from './pages/Leads.vue'
import Lead from './pages/Lead.vue'
import Dashboard from './pages/Dashboard.vue'
import Settings from './pages/Settings.vue'
import Home from './pages/Home.vue'
import { get, setSignedOutHandler } from './api.js'
import { state, setLang } from './state.js'
import './style.css'

const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/signin', component: SignIn, meta: { public: true } },
    { path: '/', component: Home },
    { path: '/a/:account/leads', component: Leads },
    { path: '/a/:account/leads/:id', component: Lead },
    { path: '/a/:account/dashboard', component: Dashboard },
    { path: '/a/:account/settings', component: Settings },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
  scrollBehavior(to, from, saved) { return saved || (to.path !== from.path ? { top: 0 } : undefined) },
})

export async function loadSession() {
  const me = await get('session')
  state.user = me.user
  state.accounts = me.accounts
  state.csrf = me.csrf_token
  state.pushAvailable = me.push_available
  if (!state.meta) state.meta = await get('meta')
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (state.user) return true
  try {
    await loadSession()
    return true
  } catch (e) {
    return { path: '/signin', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  }
})

setSignedOutHandler(() => {
  if (!state.user) return
  state.user = null
  const next = router.currentRoute.value.fullPath
  router.push({ path: '/signin', query: { next, expired: '1' } })
})

setLang(state.lang)
createApp(App).use(router).mount('#app')

import { createRouter, createWebHistory } from 'vue-router';
import { bootOnce } from './api/boot.js';
import { session } from './api/session.js';

/**
 * Frappe's desk routes: /app, /app/<doctype-slug>, /app/<doctype-slug>/<name>,
 * /app/<slug>/new, and the page /app/permission-manager.
 */
export const router = createRouter({
  history: createWebHistory('/app/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    {
      path: '/permission-manager',
      name: 'permission-manager',
      component: () => import('./pages/PermissionManager.vue'),
    },
    { path: '/:doctype', name: 'list', component: () => import('./pages/ListView.vue') },
    { path: '/:doctype/:name', name: 'form', component: () => import('./pages/FormView.vue') },
  ],
});

router.beforeEach(async (to) => {
  if (to.name === 'login') return true;
  try {
    await bootOnce();
  } catch {
    // Offline at start: let the page show its own error rather than a blank screen.
    return true;
  }
  if (session.user === 'Guest') return { name: 'login', query: { redirect: to.fullPath } };
  return true;
});

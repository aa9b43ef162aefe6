export { startRoute as POST } from '@/lib/server/fin-routes';
